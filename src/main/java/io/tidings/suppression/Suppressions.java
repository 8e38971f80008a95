package io.tidings.suppression;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import io.tidings.common.Channel;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each bot's suppression lists. Recipients are stored as the notifications name them:
 * phone numbers as E.164 digits, email addresses in lower case.
 */
@Service
public class Suppressions {

	private final JdbcClient jdbc;

	private final Clock clock;

	static final String CACHE = "suppression";

	// whether a bot's channel has any suppression at all: sends of bots without opt-outs
	// skip the lookup (an opt-out added through any instance is announced to every
	// instance: CacheChanges)
	private final Cache<String, Boolean> anyOnList;

	private final CacheChanges changes;

	Suppressions(JdbcClient jdbc, Clock clock, CacheLifetimes lifetimes, CacheChanges changes) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.changes = changes;
		this.anyOnList = Caffeine.newBuilder().expireAfterWrite(lifetimes.lifetime()).maximumSize(100_000).build();
		changes.register(CACHE, (key, elsewhere) -> this.anyOnList.invalidate(key), this.anyOnList::invalidateAll);
	}

	/**
	 * Adds the recipient (again: the first reason is kept).
	 * @return whether they were not on the list before
	 */
	public boolean add(String botId, Channel channel, String recipient, String reason) {
		boolean added = this.jdbc.sql("""
				insert into suppression (bot_id, channel, recipient, reason, created_at) values (?, ?, ?, ?, ?)
				on conflict do nothing""")
			.params(botId, channel.wire(), key(channel, recipient), reason, Timestamp.from(this.clock.instant()))
			.update() > 0;
		if (added) {
			this.changes.announce(CACHE, botId + "\n" + channel.wire());
		}
		return added;
	}

	/**
	 * Takes the recipient off the list.
	 * @return whether they were on it
	 */
	public boolean remove(String botId, Channel channel, String recipient) {
		return this.jdbc.sql("delete from suppression where bot_id = ? and channel = ? and recipient = ?")
			.params(botId, channel.wire(), key(channel, recipient))
			.update() > 0;
	}

	public boolean contains(String botId, Channel channel, String recipient) {
		if (!anyOnList(botId, channel)) {
			return false;
		}
		return this.jdbc
			.sql("select exists (select 1 from suppression where bot_id = ? and channel = ? and recipient = ?)")
			.params(botId, channel.wire(), key(channel, recipient))
			.query(Boolean.class)
			.single();
	}

	/**
	 * Which of the recipients (as given) are on the list, in one query.
	 */
	public Set<String> containing(String botId, Channel channel, Collection<String> recipients) {
		if (recipients.isEmpty() || !anyOnList(botId, channel)) {
			return Set.of();
		}
		String[] keys = recipients.stream().map((r) -> key(channel, r)).distinct().toArray(String[]::new);
		Set<String> listed = new HashSet<>(this.jdbc
			.sql("select recipient from suppression where bot_id = ? and channel = ? and recipient = any(?::text[])")
			.params(botId, channel.wire(), keys)
			.query(String.class)
			.list());
		Set<String> found = new HashSet<>();
		for (String recipient : recipients) {
			if (listed.contains(key(channel, recipient))) {
				found.add(recipient);
			}
		}
		return found;
	}

	/**
	 * A page of the list, newest first; {@code search} matches part of the recipient.
	 */
	public List<Suppression> list(String botId, Channel channel, String search, int limit, int offset) {
		return this.jdbc.sql("""
				select bot_id, channel, recipient, reason, created_at from suppression
				where bot_id = ? and (?::text is null or channel = ?) and (?::text is null or recipient like ?)
				order by created_at desc, recipient limit ? offset ?""")
			.params(botId, wire(channel), wire(channel), pattern(search), pattern(search), limit, offset)
			.query((rs, row) -> new Suppression(rs.getString(1), Channel.fromWire(rs.getString(2)), rs.getString(3),
					rs.getString(4), rs.getTimestamp(5).toInstant()))
			.list();
	}

	public long count(String botId, Channel channel, String search) {
		return this.jdbc.sql("""
				select count(*) from suppression
				where bot_id = ? and (?::text is null or channel = ?) and (?::text is null or recipient like ?)""")
			.params(botId, wire(channel), wire(channel), pattern(search), pattern(search))
			.query(Long.class)
			.single();
	}

	private boolean anyOnList(String botId, Channel channel) {
		return this.anyOnList.get(botId + "\n" + channel.wire(),
				(key) -> this.jdbc.sql("select exists (select 1 from suppression where bot_id = ? and channel = ?)")
					.params(botId, channel.wire())
					.query(Boolean.class)
					.single());
	}

	private static String wire(Channel channel) {
		return (channel != null) ? channel.wire() : null;
	}

	private static String pattern(String search) {
		if (search == null || search.isBlank()) {
			return null;
		}
		String escaped = search.trim()
			.toLowerCase(Locale.ROOT)
			.replace("\\", "\\\\")
			.replace("%", "\\%")
			.replace("_", "\\_");
		return "%" + escaped + "%";
	}

	static String key(Channel channel, String recipient) {
		return (channel == Channel.EMAIL) ? recipient.trim().toLowerCase(Locale.ROOT) : recipient.trim();
	}

}
