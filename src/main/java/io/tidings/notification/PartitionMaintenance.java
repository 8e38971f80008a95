package io.tidings.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.tidings.common.PollingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the daily time partitions ({@link TimePartitions}) ahead: at start-up and then
 * every poll interval, every UTC day from today to {@code ahead-days} after today gets
 * its partitions. Every instance runs it; the database serialises them (advisory lock,
 * create-if-missing), so several at once are harmless. Two days by default, a margin of
 * 48 hourly rounds: the days ahead are empty, and every statement that cannot prune them
 * (a lower bound on the id only, SendQueue, EventReads) probes each of them on every
 * call.
 */
@Component
class PartitionMaintenance extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

	private final TimePartitions partitions;

	private final Clock clock;

	private final int aheadDays;

	PartitionMaintenance(TimePartitions partitions, Clock clock,
			@Value("${tidings.partitions.poll-interval:1h}") Duration pollInterval,
			@Value("${tidings.partitions.ahead-days:2}") int aheadDays) {
		super("partition-maintenance", pollInterval, Duration.ofSeconds(10));
		if (aheadDays < 1) {
			throw new IllegalArgumentException("tidings.partitions.ahead-days must be at least 1, not " + aheadDays);
		}
		this.partitions = partitions;
		this.clock = clock;
		this.aheadDays = aheadDays;
	}

	@Override
	protected boolean work() {
		ensureAhead(this.clock.instant());
		return false;
	}

	/**
	 * Creates the partitions missing from the day of {@code now} (and before the system
	 * clock's now: ids are made from it) to {@code ahead-days} after.
	 * @return how many partitions were created
	 */
	int ensureAhead(Instant now) {
		Instant system = Instant.now();
		Instant early = now.isBefore(system) ? now : system;
		Instant late = now.isAfter(system) ? now : system;
		LocalDate first = LocalDate.ofInstant(early, ZoneOffset.UTC);
		LocalDate last = LocalDate.ofInstant(late, ZoneOffset.UTC).plusDays(this.aheadDays);
		int created = this.partitions.ensure(first, last);
		if (created > 0) {
			log.info("Partitions: created {} for the days up to {}", created, last);
		}
		return created;
	}

}
