package io.tidings.bot;

import io.tidings.common.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The admin key: {@code TIDINGS_ADMIN_KEY} when set, else one generated at first start,
 * printed once and kept only as a hash.
 */
@Component
class AdminKey {

	private static final Logger log = LoggerFactory.getLogger(AdminKey.class);

	private static final String SETTING = "admin_key_hash";

	private final JdbcClient jdbc;

	private final String configured;

	private volatile String hash;

	AdminKey(JdbcClient jdbc, @Value("${tidings.admin-key:}") String configured) {
		this.jdbc = jdbc;
		this.configured = configured;
	}

	/**
	 * Loads or creates the key.
	 * @return the new key when one was generated now, else null
	 */
	String initialise() {
		if (!this.configured.isBlank()) {
			this.hash = Sha256.hex(this.configured);
			return null;
		}
		String stored = this.jdbc.sql("select value from app_setting where name = ?")
			.param(SETTING)
			.query(String.class)
			.optional()
			.orElse(null);
		if (stored != null) {
			this.hash = stored;
			return null;
		}
		String key = "ta_" + Secrets.randomToken(32);
		this.jdbc.sql("insert into app_setting (name, value) values (?, ?) on conflict (name) do nothing")
			.params(SETTING, Sha256.hex(key))
			.update();
		this.hash = this.jdbc.sql("select value from app_setting where name = ?")
			.param(SETTING)
			.query(String.class)
			.single();
		log.debug("Generated a new admin key");
		return key;
	}

	/**
	 * Whether a presented key with this {@link Sha256#hex(String)} hash is the admin key.
	 */
	boolean matchesHash(String keyHash) {
		String current = this.hash;
		return current != null && Secrets.sameHash(keyHash, current);
	}

}
