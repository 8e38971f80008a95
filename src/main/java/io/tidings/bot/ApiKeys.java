package io.tidings.bot;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import io.tidings.common.Sha256;
import io.tidings.common.TimeOrderedId;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Bot API keys: created by an admin, shown once, stored as a SHA-256 hash, revoked at
 * once.
 */
@Service
public class ApiKeys {

	private final JdbcClient jdbc;

	private final Clock clock;

	static final String CACHE = "api-key";

	// hash -> owner; a miss is cached too, so a flood of bad keys does not reach the
	// database. A key created or revoked through any instance is announced to every
	// instance (CacheChanges): by its hash when created, by its id when revoked
	private final Cache<String, Optional<Owner>> owners;

	private final CacheChanges changes;

	ApiKeys(JdbcClient jdbc, Clock clock, CacheLifetimes lifetimes, CacheChanges changes) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.changes = changes;
		this.owners = Caffeine.newBuilder().expireAfterWrite(lifetimes.apiKeys()).maximumSize(100_000).build();
		changes.register(CACHE, (key, elsewhere) -> forget(key), this.owners::invalidateAll);
	}

	public NewApiKey create(String botId, String name) {
		UUID id = TimeOrderedId.next();
		String key = "tk_" + Secrets.randomToken(32);
		String prefix = key.substring(0, 10);
		this.jdbc.sql("insert into api_key (id, bot_id, name, prefix, key_hash, created_at) values (?, ?, ?, ?, ?, ?)")
			.params(id, botId, name, prefix, Sha256.hex(key), Timestamp.from(this.clock.instant()))
			.update();
		// an instance may remember the key as unknown
		this.changes.announce(CACHE, Sha256.hex(key));
		return new NewApiKey(id, name, prefix, key);
	}

	public List<ApiKey> list(String botId) {
		return this.jdbc.sql(
				"select id, bot_id, name, prefix, created_at, revoked_at from api_key where bot_id = ? order by created_at")
			.param(botId)
			.query((rs, row) -> new ApiKey(rs.getObject("id", UUID.class), rs.getString("bot_id"), rs.getString("name"),
					rs.getString("prefix"), rs.getTimestamp("created_at").toInstant(),
					Optional.ofNullable(rs.getTimestamp("revoked_at")).map(Timestamp::toInstant).orElse(null)))
			.list();
	}

	/**
	 * Revokes a key; it stops working on every instance at once.
	 * @return false when the bot has no such key
	 */
	public boolean revoke(String botId, UUID keyId) {
		int updated = this.jdbc
			.sql("update api_key set revoked_at = coalesce(revoked_at, ?) where id = ? and bot_id = ?")
			.params(Timestamp.from(this.clock.instant()), keyId, botId)
			.update();
		if (updated > 0) {
			this.changes.announce(CACHE, keyId.toString());
		}
		return updated > 0;
	}

	// a key's hash, or a key's id
	private void forget(String key) {
		this.owners.invalidate(key);
		this.owners.asMap()
			.values()
			.removeIf((owner) -> owner.map((o) -> o.keyId().toString().equals(key)).orElse(false));
	}

	/**
	 * The bot that owns this key, when the key is valid and not revoked.
	 * @param keyHash the key's {@link Sha256#hex(String)} hash (the caller has made it)
	 */
	Optional<String> botOf(String key, String keyHash) {
		if (!key.startsWith("tk_") || key.length() > 100) {
			return Optional.empty();
		}
		return this.owners.get(keyHash, this::lookup).map(Owner::botId);
	}

	private Optional<Owner> lookup(String hash) {
		return this.jdbc.sql("select id, bot_id from api_key where key_hash = ? and revoked_at is null")
			.param(hash)
			.query((rs, row) -> new Owner(rs.getObject("id", UUID.class), rs.getString("bot_id")))
			.optional();
	}

	private record Owner(UUID keyId, String botId) {
	}

}
