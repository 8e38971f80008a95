package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys answer for 24 hours (API.md §4); older ones are deleted hourly. A key
 * reused after 24 hours starts over even before the purge has run.
 */
@Component
class IdempotencyKeyPurge {

	static final Duration KEPT = Duration.ofHours(24);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	IdempotencyKeyPurge(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	int purge() {
		return this.jdbc.update("delete from idempotency_key where created_at < ?",
				Timestamp.from(this.clock.instant().minus(KEPT)));
	}

}
