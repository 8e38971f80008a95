package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The time partitions of the tables that grow with every message (V11):
 * {@code notification}, {@code status_event}, {@code webhook_delivery} and
 * {@code webhook_attempt} are partitioned by the notification's UUIDv7 with the same
 * daily bounds, so one day's partitions of the four tables share the suffix
 * {@code _pYYYYMMDD} and go together. DDL runs under one advisory lock (several instances
 * may run it at once) and with a short lock timeout, so it never queues the hot path
 * behind a long transaction for longer than that: a partition that cannot be dropped now
 * is dropped by a later round.
 */
@Component
class TimePartitions {

	static final List<String> TABLES = List.of("notification", "status_event", "webhook_delivery", "webhook_attempt");

	private static final Pattern BOUNDS = Pattern
		.compile("FOR VALUES FROM \\('([0-9a-f-]{36})'\\) TO \\('([0-9a-f-]{36})'\\)");

	private static final Pattern NAME = Pattern.compile("notification_p\\d{8}");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	TimePartitions(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Creates the missing daily partitions of the four tables for the UTC days from
	 * {@code first} to {@code last}, both included.
	 * @return how many partitions were created
	 */
	int ensure(LocalDate first, LocalDate last) {
		int created = 0;
		for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
			Timestamp from = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
			Timestamp until = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
			for (String table : TABLES) {
				// one table per transaction: see tidings_ensure_partition (V11)
				Integer n = this.transactions.execute((status) -> {
					this.jdbc.execute("set local lock_timeout = '1s'");
					return this.jdbc.queryForObject("select tidings_ensure_partition(?, ?, ?)", Integer.class, table,
							from, until);
				});
				created += (n != null) ? n : 0;
			}
		}
		return created;
	}

	/**
	 * The notification table's time partitions (not the default one), oldest first.
	 */
	List<Partition> list() {
		return this.jdbc
			.query("""
					select c.relname, pg_get_expr(c.relpartbound, c.oid) from pg_inherits i join pg_class c on c.oid = i.inhrelid
					where i.inhparent = 'notification'::regclass""",
					(rs, row) -> Partition.of(rs.getString(1), rs.getString(2)))
			.stream()
			.filter(Objects::nonNull)
			.sorted(Comparator.comparing(Partition::from))
			.toList();
	}

	/**
	 * Whether the bot has notifications in the partition.
	 */
	boolean holds(Partition partition, String botId) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"select exists (select 1 from " + partition.table("notification") + " where bot_id = ?)", Boolean.class,
				botId));
	}

	/**
	 * Drops the day's partitions of the four tables, one table per transaction (each drop
	 * locks its parent; holding one while waiting for the next could deadlock with a
	 * reader that joins them), the notification's last: a drop cut short is finished by a
	 * later round, which finds the day again by its notification partition.
	 * @return false when a lock could not be had in time (a later round tries again)
	 */
	boolean drop(Partition partition) {
		try {
			for (String table : TABLES.reversed()) {
				this.transactions.executeWithoutResult((status) -> {
					this.jdbc.execute("set local lock_timeout = '1s'");
					this.jdbc.execute("select pg_advisory_xact_lock(hashtext('tidings.partitions'))");
					this.jdbc.execute("drop table if exists " + partition.table(table));
				});
			}
			return true;
		}
		catch (PessimisticLockingFailureException ex) {
			return false;
		}
	}

	/**
	 * One day's partitions: the suffix they share and the UUIDv7 range they hold.
	 */
	record Partition(String suffix, UUID lower, UUID upper) {

		static Partition of(String name, String bound) {
			if (!NAME.matcher(name).matches()) {
				return null;
			}
			Matcher m = BOUNDS.matcher(bound);
			return m.matches() ? new Partition(name.substring("notification".length()), UUID.fromString(m.group(1)),
					UUID.fromString(m.group(2))) : null;
		}

		/**
		 * The time of the first notification it may hold.
		 */
		Instant from() {
			return Instant.ofEpochMilli(this.lower.getMostSignificantBits() >>> 16);
		}

		/**
		 * The time from which on no notification of it was made.
		 */
		Instant until() {
			return Instant.ofEpochMilli(this.upper.getMostSignificantBits() >>> 16);
		}

		/**
		 * The name of this partition of one of the four tables.
		 */
		String table(String parent) {
			if (!TABLES.contains(parent)) {
				throw new IllegalArgumentException(parent);
			}
			return parent + this.suffix;
		}

	}

}
