package io.tidings.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.PollingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Enforces each bot's {@code retentionDays} (API.md §13): notifications older than it are
 * deleted with their events and webhook deliveries in small batches, each its own short
 * transaction, so sends go on meanwhile; statistics rollups are kept.
 */
@Component
class RetentionPurge extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

	private final Bots bots;

	private final ExpiredNotifications expired;

	private final Clock clock;

	private final int batchSize;

	RetentionPurge(Bots bots, ExpiredNotifications expired, Clock clock,
			@Value("${tidings.retention.poll-interval:1h}") Duration pollInterval,
			@Value("${tidings.retention.batch-size:1000}") int batchSize) {
		super("retention-purge", pollInterval, Duration.ofSeconds(10));
		this.bots = bots;
		this.expired = expired;
		this.clock = clock;
		this.batchSize = batchSize;
	}

	@Override
	protected boolean work() {
		purge(this.clock.instant());
		return false;
	}

	/**
	 * Deletes every bot's notifications that are older than its retention at {@code now}.
	 * @return how many notifications were deleted
	 */
	long purge(Instant now) {
		long total = 0;
		for (Bot bot : this.bots.list()) {
			Instant cutoff = now.minus(Duration.ofDays(bot.retentionDays()));
			int deleted;
			do {
				deleted = this.expired.deleteBatch(bot.id(), cutoff, this.batchSize);
				total += deleted;
			}
			while (deleted == this.batchSize && isRunning());
		}
		if (total > 0) {
			log.info("Retention: deleted {} notifications past their bots' retention", total);
		}
		return total;
	}

}
