package io.tidings.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import io.tidings.common.Channel;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Stores and finds templates. Lookups by name are cached briefly: they sit on every send.
 */
@Service
public class Templates {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,512}");

	static final String COLUMNS = "id, bot_id, name, channel, language, category, header, subject, body, footer, "
			+ "buttons::text, status, created_at, updated_at, source, synced_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	/**
	 * The name under which a change of a bot's templates is announced
	 * ({@link CacheChanges}), keyed by the bot's id: caches of templates elsewhere
	 * register under it too.
	 */
	public static final String CACHE = "template";

	// a change through any instance drops every instance's copy (CacheChanges)
	private final Cache<Key, List<Template>> byName;

	private final CacheChanges changes;

	Templates(JdbcClient jdbc, JsonMapper json, Clock clock, CacheLifetimes lifetimes, CacheChanges changes) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.changes = changes;
		this.byName = Caffeine.newBuilder().expireAfterWrite(lifetimes.lifetime()).maximumSize(100_000).build();
		changes.register(CACHE,
				(botId, elsewhere) -> this.byName.asMap().keySet().removeIf((key) -> key.botId().equals(botId)),
				this.byName::invalidateAll);
	}

	/**
	 * The bot's template of that channel and name in its default language, whatever its
	 * status.
	 */
	public Optional<Template> find(String botId, Channel channel, String name) {
		return find(botId, channel, name, null);
	}

	/**
	 * The bot's template of that channel, name and language (null: the default variant,
	 * {@link LanguageVariants}), whatever its status.
	 */
	public Optional<Template> find(String botId, Channel channel, String name, String language) {
		return LanguageVariants.pick(variants(botId, channel, name), language);
	}

	/**
	 * Every language variant of the bot's template of that channel and name.
	 */
	public List<Template> variants(String botId, Channel channel, String name) {
		return this.byName.get(new Key(botId, channel, name), (key) -> this.jdbc
			.sql("select " + COLUMNS + " from template where bot_id = ? and channel = ? and name = ? order by language")
			.params(botId, channel.wire(), name)
			.query(this::map)
			.list());
	}

	public Optional<Template> get(String botId, long id) {
		return this.jdbc.sql("select " + COLUMNS + " from template where bot_id = ? and id = ?")
			.params(botId, id)
			.query(this::map)
			.optional();
	}

	public List<Template> list(String botId, int limit, int offset) {
		return this.jdbc.sql("select " + COLUMNS + " from template where bot_id = ? order by id limit ? offset ?")
			.params(botId, limit, offset)
			.query(this::map)
			.list();
	}

	public long count(String botId) {
		return this.jdbc.sql("select count(*) from template where bot_id = ?").param(botId).query(Long.class).single();
	}

	public Template create(String botId, TemplateDraft draft) {
		validate(draft);
		Timestamp now = Timestamp.from(this.clock.instant());
		try {
			long id = this.jdbc
				.sql("""
						insert into template (bot_id, name, channel, language, category, header, subject, body, footer, buttons,
						  status, created_at, updated_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) returning id""")
				.params(botId, draft.name(), draft.channel().wire(), orDefault(draft.language(), "en"),
						draft.category(), draft.header(), draft.subject(), draft.body(), draft.footer(), buttons(draft),
						orDefault(draft.status(), TemplateStatus.APPROVED).name(), now, now)
				.query(Long.class)
				.single();
			evict(botId);
			return get(botId, id).orElseThrow();
		}
		catch (DuplicateKeyException ex) {
			throw duplicate(draft);
		}
	}

	public Optional<Template> update(String botId, long id, TemplateDraft draft) {
		validate(draft);
		try {
			int updated = this.jdbc
				.sql("""
						update template set name = ?, channel = ?, language = ?, category = ?, header = ?, subject = ?, body = ?,
						  footer = ?, buttons = ?::jsonb, status = ?, updated_at = ?
						where bot_id = ? and id = ?""")
				.params(draft.name(), draft.channel().wire(), orDefault(draft.language(), "en"), draft.category(),
						draft.header(), draft.subject(), draft.body(), draft.footer(), buttons(draft),
						orDefault(draft.status(), TemplateStatus.APPROVED).name(), Timestamp.from(this.clock.instant()),
						botId, id)
				.update();
			evict(botId);
			return (updated > 0) ? get(botId, id) : Optional.empty();
		}
		catch (DuplicateKeyException ex) {
			throw duplicate(draft);
		}
	}

	public boolean delete(String botId, long id) {
		int deleted = this.jdbc.sql("delete from template where bot_id = ? and id = ?").params(botId, id).update();
		evict(botId);
		return deleted > 0;
	}

	/**
	 * The bot's templates changed: every instance reads them again.
	 */
	void evict(String botId) {
		this.changes.announce(CACHE, botId);
	}

	private static InvalidTemplateException duplicate(TemplateDraft draft) {
		return new InvalidTemplateException("name", "a " + draft.channel().wire() + " template named " + draft.name()
				+ " in language " + orDefault(draft.language(), "en") + " already exists");
	}

	private static void validate(TemplateDraft draft) {
		if (draft.name() == null || !NAME.matcher(draft.name()).matches()) {
			throw new InvalidTemplateException("name", "name is required: 1 to 512 of A-Z a-z 0-9 _ . -");
		}
		if (draft.channel() == null) {
			throw new InvalidTemplateException("channel", "channel must be whatsapp, sms or email");
		}
		if (draft.body() == null || draft.body().isBlank()) {
			throw new InvalidTemplateException("body", "body is required");
		}
	}

	private String buttons(TemplateDraft draft) {
		return (draft.buttons() != null) ? this.json.writeValueAsString(draft.buttons()) : null;
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	Template map(ResultSet rs, int row) throws SQLException {
		String buttons = rs.getString("buttons");
		return new Template(rs.getLong("id"), rs.getString("bot_id"), rs.getString("name"),
				Channel.fromWire(rs.getString("channel")), rs.getString("language"), rs.getString("category"),
				rs.getString("header"), rs.getString("subject"), rs.getString("body"), rs.getString("footer"),
				(buttons != null) ? this.json.readValue(buttons, new TypeReference<List<Map<String, Object>>>() {
				}) : null, TemplateStatus.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), TemplateSource.fromWire(rs.getString("source")),
				(rs.getTimestamp("synced_at") != null) ? rs.getTimestamp("synced_at").toInstant() : null);
	}

	private record Key(String botId, Channel channel, String name) {
	}

}
