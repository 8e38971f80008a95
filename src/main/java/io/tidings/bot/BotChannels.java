package io.tidings.bot;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.Channel;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The provider and settings behind each of a bot's channels.
 */
@Service
public class BotChannels {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	// the other instances drop their copy when this one changes a setting
	// (ChannelSettingChanges); the lifetime bounds only changes made behind the service's
	// back
	private final Cache<Key, Optional<ChannelSetting>> cache;

	private final ApplicationEventPublisher events;

	private final String instance = UUID.randomUUID().toString();

	BotChannels(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher events,
			CacheProperties cacheProperties) {
		this.events = events;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(cacheProperties.channelSettings())
			.maximumSize(100_000)
			.build();
	}

	public Optional<ChannelSetting> find(String botId, Channel channel) {
		return this.cache.get(new Key(botId, channel), this::load);
	}

	public List<ChannelSetting> list(String botId) {
		return this.jdbc.sql(
				"select bot_id, channel, provider, settings::text, updated_at from channel_setting where bot_id = ? order by channel")
			.param(botId)
			.query((rs, row) -> map(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5)))
			.list();
	}

	/**
	 * Every bot's channels served by one kind of provider.
	 */
	public List<ChannelSetting> withProvider(String provider) {
		return this.jdbc.sql(
				"select bot_id, channel, provider, settings::text, updated_at from channel_setting where provider = ? order by bot_id, channel")
			.param(provider)
			.query((rs, row) -> map(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5)))
			.list();
	}

	/**
	 * Sets the channel's provider. Secrets left out keep their stored value when the
	 * provider stays the same, so that a client can change a URL without resending a
	 * token.
	 */
	public ChannelSetting put(String botId, Channel channel, String provider, Map<String, Object> settings) {
		Map<String, Object> merged = withStoredSecrets(botId, channel, provider, settings);
		this.jdbc
			.sql("""
					insert into channel_setting (bot_id, channel, provider, settings, updated_at) values (?, ?, ?, ?::jsonb, ?)
					on conflict (bot_id, channel) do update
					  set provider = excluded.provider, settings = excluded.settings, updated_at = excluded.updated_at""")
			.params(botId, channel.wire(), provider, this.json.writeValueAsString(merged),
					Timestamp.from(this.clock.instant()))
			.update();
		this.cache.invalidate(new Key(botId, channel));
		// committed: the other instances drop their copy now
		this.jdbc.sql("select 1 from pg_notify(?, ?)")
			.params(ChannelSettingChanges.TOPIC, String.join("\t", this.instance, botId, channel.wire()))
			.query(Integer.class)
			.single();
		ChannelSetting stored = find(botId, channel).orElseThrow();
		this.events.publishEvent(new ChannelConfigured(stored));
		return stored;
	}

	/**
	 * Another instance changed the channel's settings: this one reads them again, and an
	 * account it holds for the channel under the older settings is closed (freeing, say,
	 * SMPP bind slots) and connected again with the new ones.
	 */
	void changedElsewhere(String botId, Channel channel) {
		this.cache.invalidate(new Key(botId, channel));
		find(botId, channel).ifPresent((stored) -> this.events.publishEvent(new ChannelConfigured(stored, true)));
	}

	/**
	 * Changes may have been missed: every channel's settings are read again.
	 */
	void forgetAll() {
		this.cache.invalidateAll();
	}

	/**
	 * This instance's name in its change announcements, so that it skips its own.
	 */
	String instance() {
		return this.instance;
	}

	/**
	 * The settings with the stored secrets of the same provider filled in where they are
	 * left out.
	 */
	public Map<String, Object> withStoredSecrets(String botId, Channel channel, String provider,
			Map<String, Object> settings) {
		Map<String, Object> merged = new LinkedHashMap<>(settings);
		find(botId, channel).filter((current) -> current.provider().equals(provider))
			.ifPresent((current) -> ChannelSetting.SECRETS.forEach((secret) -> {
				if (!merged.containsKey(secret) && current.settings().containsKey(secret)) {
					merged.put(secret, current.settings().get(secret));
				}
			}));
		return merged;
	}

	private Optional<ChannelSetting> load(Key key) {
		return this.jdbc.sql(
				"select bot_id, channel, provider, settings::text, updated_at from channel_setting where bot_id = ? and channel = ?")
			.params(key.botId(), key.channel().wire())
			.query((rs, row) -> map(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5)))
			.optional();
	}

	private ChannelSetting map(String botId, String channel, String provider, String settings, Timestamp updatedAt) {
		return new ChannelSetting(botId, Channel.fromWire(channel), provider,
				this.json.readValue(settings, new TypeReference<Map<String, Object>>() {
				}), updatedAt.toInstant());
	}

	private record Key(String botId, Channel channel) {
	}

}
