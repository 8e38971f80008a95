package io.tidings.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.PollingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Enforces each bot's {@code retentionDays} (API.md §13) day by day: a day's partitions
 * (notifications with their events, webhook deliveries and attempts) are dropped once
 * every bot that has notifications in them is past its retention for the whole day; while
 * some bot with a longer retention still keeps its rows there, the others' rows are
 * deleted in small batches, each its own short transaction, so sends go on meanwhile.
 * Rows in the default partitions (ids that are not UUIDv7) are deleted in batches once
 * older than their bot's retention. Statistics rollups are kept.
 */
@Component
class RetentionPurge extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

	private final Bots bots;

	private final ExpiredNotifications expired;

	private final TimePartitions partitions;

	private final Clock clock;

	private final int batchSize;

	RetentionPurge(Bots bots, ExpiredNotifications expired, TimePartitions partitions, Clock clock,
			@Value("${tidings.retention.poll-interval:1h}") Duration pollInterval,
			@Value("${tidings.retention.batch-size:1000}") int batchSize) {
		super("retention-purge", pollInterval, Duration.ofSeconds(10));
		this.bots = bots;
		this.expired = expired;
		this.partitions = partitions;
		this.clock = clock;
		this.batchSize = batchSize;
	}

	@Override
	protected boolean work() {
		purge(this.clock.instant());
		return false;
	}

	/**
	 * Drops the days every bot lets go at {@code now} and deletes, bot by bot, the rows
	 * past their retention elsewhere.
	 */
	Purged purge(Instant now) {
		List<Bot> all = this.bots.list();
		long deleted = 0;
		List<String> dropped = new ArrayList<>();
		for (TimePartitions.Partition day : this.partitions.list()) {
			List<Bot> keeping = new ArrayList<>();
			List<Bot> done = new ArrayList<>();
			for (Bot bot : all) {
				(cutoff(bot, now).isBefore(day.until()) ? keeping : done).add(bot);
			}
			if (done.isEmpty()) {
				continue;
			}
			if (keeping.stream().noneMatch((bot) -> this.partitions.holds(day, bot.id()))) {
				if (this.partitions.drop(day)) {
					dropped.add(day.suffix());
				}
				continue;
			}
			for (Bot bot : done) {
				deleted += deleteAll(bot, (limit) -> this.expired.deleteBatch(bot.id(), day, limit));
			}
		}
		for (Bot bot : all) {
			Instant cutoff = cutoff(bot, now);
			deleted += deleteAll(bot, (limit) -> this.expired.deleteBatchOutsideDays(bot.id(), cutoff, limit));
		}
		if (deleted > 0 || !dropped.isEmpty()) {
			log.info("Retention: dropped the days {}, deleted {} notifications past their bots' retention", dropped,
					deleted);
		}
		return new Purged(deleted, dropped);
	}

	private long deleteAll(Bot bot, Batch batch) {
		long total = 0;
		int deleted;
		do {
			deleted = batch.delete(this.batchSize);
			total += deleted;
		}
		while (deleted == this.batchSize && isRunning());
		return total;
	}

	private static Instant cutoff(Bot bot, Instant now) {
		return now.minus(Duration.ofDays(bot.retentionDays()));
	}

	private interface Batch {

		int delete(int limit);

	}

	/**
	 * What a purge did.
	 *
	 * @param deleted notifications deleted row by row
	 * @param droppedDays the suffixes ({@code _pYYYYMMDD}) of the days dropped whole
	 */
	record Purged(long deleted, List<String> droppedDays) {
	}

}
