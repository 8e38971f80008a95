package io.tidings.bot;

import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each bot's {@link MessagingSettings}, cached briefly: they are read on status changes
 * and inbound messages.
 */
@Service
public class BotMessaging {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	static final String CACHE = "bot-messaging";

	// a change through any instance drops every instance's copy (CacheChanges)
	private final Cache<String, MessagingSettings> cache;

	private final CacheChanges changes;

	BotMessaging(JdbcClient jdbc, JsonMapper json, CacheLifetimes lifetimes, CacheChanges changes) {
		this.jdbc = jdbc;
		this.json = json;
		this.changes = changes;
		this.cache = Caffeine.newBuilder().expireAfterWrite(lifetimes.lifetime()).maximumSize(100_000).build();
		changes.register(CACHE, (botId, elsewhere) -> this.cache.invalidate(botId), this.cache::invalidateAll);
	}

	public MessagingSettings find(String botId) {
		return this.cache.get(botId, this::load);
	}

	/**
	 * Changes the settings given; a null argument keeps its value.
	 */
	public MessagingSettings update(String botId, Boolean whatsAppToSms, List<String> stopWords) {
		if (stopWords != null && (stopWords.size() > 100
				|| stopWords.stream().anyMatch((w) -> w == null || w.isBlank() || w.length() > 64))) {
			throw new InvalidBotSettingsException("stopWords",
					"stopWords must be up to 100 words of 1 to 64 characters");
		}
		MessagingSettings current = load(botId);
		boolean fallback = (whatsAppToSms != null) ? whatsAppToSms : current.whatsAppToSms();
		List<String> words = (stopWords != null) ? List.copyOf(stopWords) : current.stopWords();
		this.jdbc
			.sql("""
					insert into bot_messaging (bot_id, whatsapp_to_sms, stop_words) values (?, ?, ?::jsonb)
					on conflict (bot_id) do update set whatsapp_to_sms = excluded.whatsapp_to_sms, stop_words = excluded.stop_words""")
			.params(botId, fallback, (words != null) ? this.json.writeValueAsString(words) : null)
			.update();
		this.changes.announce(CACHE, botId);
		return find(botId);
	}

	private MessagingSettings load(String botId) {
		return this.jdbc.sql("select whatsapp_to_sms, stop_words::text from bot_messaging where bot_id = ?")
			.param(botId)
			.query((rs, row) -> new MessagingSettings(rs.getBoolean(1),
					(rs.getString(2) != null) ? this.json.readValue(rs.getString(2), new TypeReference<List<String>>() {
					}) : null))
			.optional()
			.orElse(MessagingSettings.DEFAULTS);
	}

}
