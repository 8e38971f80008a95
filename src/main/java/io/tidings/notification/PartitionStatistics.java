package io.tidings.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tidings.common.DatabaseFailures;
import io.tidings.common.PollingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the planner's statistics of young day partitions ({@link TimePartitions}) up to
 * date: a partition that has at least doubled since it was last analyzed is analyzed at
 * once. Autovacuum does the same only every {@code autovacuum_naptime} (a minute by
 * default), and until then every cached plan made while the partition was empty stays: a
 * lookup by id on a partition known to be empty is planned as a sequential scan, and a
 * connection keeps that plan while the partition grows to tens of thousands of rows
 * (measured: 338 million rows read by 41,000 such scans in a 30,000-message run of a new
 * installation, PostgreSQL at twice the CPU per message). An analyze invalidates those
 * plans. Doubling keeps the analyses few, and past a ceiling (10,000 rows: by then a
 * lookup is planned on its index for good) the partition is left to autovacuum (an
 * analyze of a notification partition costs about half a second of CPU).
 */
@Component
class PartitionStatistics extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(PartitionStatistics.class);

	// the partitions of the four tables whose rows changed since the last analyze by at
	// least as many as they had then (and by at least a floor, so an almost empty one is
	// not analyzed at every round)
	private static final String GROWN = """
			select s.relid::regclass::text from pg_stat_user_tables s
			  join pg_inherits i on i.inhrelid = s.relid
			  join pg_class c on c.oid = s.relid
			where i.inhparent in ('notification'::regclass, 'status_event'::regclass, 'webhook_delivery'::regclass,
			    'webhook_attempt'::regclass)
			  and s.n_mod_since_analyze >= greatest(c.reltuples, ?) and c.reltuples < ?""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final long floor;

	private final long ceiling;

	private volatile boolean refusalLogged;

	PartitionStatistics(JdbcTemplate jdbc, TransactionTemplate transactions,
			@Value("${tidings.partitions.statistics-interval:2s}") Duration interval,
			@Value("${tidings.partitions.statistics-floor:1000}") long floor,
			@Value("${tidings.partitions.statistics-ceiling:10000}") long ceiling) {
		super("partition-statistics", interval, Duration.ofSeconds(10));
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.floor = floor;
		this.ceiling = ceiling;
	}

	@Override
	protected boolean work() {
		try {
			analyzeGrown();
		}
		catch (DataAccessException ex) {
			// a database that cannot be reached is reported by the request paths and
			// health; an analyze refused (a role that does not own the tables) is said
			// once
			if (!DatabaseFailures.unreachable(ex) && !this.refusalLogged) {
				this.refusalLogged = true;
				log.warn("Young partitions cannot be analyzed ({}); their plans wait for autovacuum",
						DatabaseFailures.describe(ex));
			}
		}
		return false;
	}

	/**
	 * Analyzes the partitions that have doubled since their last analyze, each in its own
	 * short transaction; with several instances one of them analyzes a partition (the
	 * others find its lock taken), and one that autovacuum holds is left for a later
	 * round.
	 * @return the partitions analyzed
	 */
	List<String> analyzeGrown() {
		List<String> analyzed = new ArrayList<>();
		for (String partition : this.jdbc.queryForList(GROWN, String.class, this.floor, this.ceiling)) {
			try {
				Boolean done = this.transactions.execute((status) -> {
					if (!Boolean.TRUE.equals(this.jdbc.queryForObject("select pg_try_advisory_xact_lock(hashtext(?))",
							Boolean.class, "tidings.analyze." + partition))) {
						return false;
					}
					this.jdbc.execute("set local lock_timeout = '200ms'");
					this.jdbc.execute("analyze " + partition);
					return true;
				});
				if (Boolean.TRUE.equals(done)) {
					analyzed.add(partition);
				}
			}
			catch (PessimisticLockingFailureException ex) {
				log.debug("{} is busy; analyzed by a later round", partition);
			}
		}
		if (!analyzed.isEmpty()) {
			log.debug("Analyzed {}", analyzed);
		}
		return analyzed;
	}

}
