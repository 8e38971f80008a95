package io.tidings.bot;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
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

	static final String CACHE = "channel-setting";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Clock clock;

	// the other instances drop their copy when this one changes a setting
	// (CacheChanges); the lifetime bounds only changes made behind the service's back
	private final Cache<Key, Optional<ChannelSetting>> cache;

	private final ApplicationEventPublisher events;

	private final CacheChanges changes;

	BotChannels(JdbcClient jdbc, JsonMapper json, Clock clock, ApplicationEventPublisher events,
			CacheLifetimes lifetimes, CacheChanges changes) {
		this.events = events;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.changes = changes;
		this.cache = Caffeine.newBuilder().expireAfterWrite(lifetimes.channelSettings()).maximumSize(100_000).build();
		changes.register(CACHE, this::changed, this.cache::invalidateAll);
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
		// committed: every instance drops its copy now
		this.changes.announce(CACHE, botId + "\t" + channel.wire());
		ChannelSetting stored = find(botId, channel).orElseThrow();
		this.events.publishEvent(new ChannelConfigured(stored));
		return stored;
	}

	/**
	 * A channel's settings changed: they are read again, and when another instance made
	 * the change, an account this one holds for the channel under the older settings is
	 * closed (freeing, say, SMPP bind slots) and connected again with the new ones.
	 */
	private void changed(String key, boolean elsewhere) {
		String[] parts = key.split("\t", 2);
		Key changed = new Key(parts[0], Channel.fromWire(parts[1]));
		this.cache.invalidate(changed);
		if (elsewhere) {
			find(changed.botId(), changed.channel())
				.ifPresent((stored) -> this.events.publishEvent(new ChannelConfigured(stored, true)));
		}
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
