package io.tidings.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tidings.common.TimeOrderedId;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code report_run} table: scheduled runs created once per (bot, period) whoever
 * tries first, and a claim with a lease so that one instance sends each attempt.
 */
@Repository
class ReportRunRepository {

	private static final String COLUMNS = "id, bot_id, kind, period_from, period_to, timezone, recipients::text, "
			+ "status, attempts, row_count, error, created_at, sent_at, run_at";

	private static final String INSERT = """
			insert into report_run (id, bot_id, kind, period_from, period_to, timezone, recipients, status, run_at,
			  created_at)
			values (?, ?, ?, ?, ?, ?, ?::jsonb, 'PENDING', ?, ?)""";

	private static final String CLAIM = """
			update report_run r set status = 'SENDING', attempts = r.attempts + 1, run_at = ?
			where r.id in (select id from report_run where run_at <= ? order by run_at limit 1 for update skip locked)
			""" + "returning " + COLUMNS;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	ReportRunRepository(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Creates the run of each bot's due period unless it exists already.
	 */
	void createScheduled(List<Due> due, Instant now) {
		if (due.isEmpty()) {
			return;
		}
		this.jdbc.batchUpdate(
				INSERT + " on conflict (bot_id, period_from, period_to) where kind = 'SCHEDULED'" + " do nothing",
				due.stream()
					.map((d) -> row(d.botId(), ReportRun.Kind.SCHEDULED, d.period().from(), d.period().to(),
							d.period().zone(), d.recipients(), now))
					.toList());
	}

	UUID createOneOff(String botId, Instant from, Instant to, List<String> recipients, Instant now) {
		Object[] row = row(botId, ReportRun.Kind.ONE_OFF, from, to, ZoneId.of("UTC"), recipients, now);
		this.jdbc.update(INSERT, row);
		return (UUID) row[0];
	}

	/**
	 * Takes the run due first, if any, for one attempt that ends by {@code leaseEnd}.
	 */
	Optional<ReportRun> claim(Instant now, Instant leaseEnd) {
		return this.jdbc.query(CLAIM, this::run, Timestamp.from(leaseEnd), Timestamp.from(now)).stream().findFirst();
	}

	/**
	 * Records a successful attempt, unless the run was claimed again since.
	 */
	void sent(ReportRun run, long rows, Instant at) {
		this.jdbc.update("""
				update report_run set status = 'SENT', row_count = ?, sent_at = ?, error = null, run_at = null
				where id = ? and attempts = ?""", rows, Timestamp.from(at), run.id(), run.attempts());
	}

	/**
	 * Records a failed attempt and when to try again (null: never).
	 */
	void failed(ReportRun run, String error, Instant retryAt) {
		this.jdbc.update("update report_run set status = 'FAILED', error = ?, run_at = ? where id = ? and attempts = ?",
				error, (retryAt != null) ? Timestamp.from(retryAt) : null, run.id(), run.attempts());
	}

	Optional<ReportRun> find(String botId, UUID id) {
		return this.jdbc
			.query("select " + COLUMNS + " from report_run where bot_id = ? and id = ?", this::run, botId, id)
			.stream()
			.findFirst();
	}

	List<ReportRun> list(String botId, int limit, long offset) {
		return this.jdbc.query(
				"select " + COLUMNS
						+ " from report_run where bot_id = ? order by created_at desc, id desc limit ? offset ?",
				this::run, botId, limit, offset);
	}

	long count(String botId) {
		return this.jdbc.queryForObject("select count(*) from report_run where bot_id = ?", Long.class, botId);
	}

	private Object[] row(String botId, ReportRun.Kind kind, Instant from, Instant to, ZoneId zone,
			List<String> recipients, Instant now) {
		return new Object[] { TimeOrderedId.next(), botId, kind.name(), Timestamp.from(from), Timestamp.from(to),
				zone.getId(), this.json.writeValueAsString(recipients), Timestamp.from(now), Timestamp.from(now) };
	}

	private ReportRun run(ResultSet rs, int row) throws SQLException {
		ReportRun.State state = ReportRun.State.valueOf(rs.getString("status"));
		Instant runAt = instant(rs, "run_at");
		return new ReportRun(rs.getObject("id", UUID.class), rs.getString("bot_id"),
				ReportRun.Kind.valueOf(rs.getString("kind")), instant(rs, "period_from"), instant(rs, "period_to"),
				ZoneId.of(rs.getString("timezone")),
				this.json.readValue(rs.getString("recipients"), new TypeReference<List<String>>() {
				}), state, rs.getInt("attempts"), (Long) rs.getObject("row_count"), rs.getString("error"),
				instant(rs, "created_at"), instant(rs, "sent_at"), (state != ReportRun.State.SENDING) ? runAt : null);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * A bot's scheduled period that is due, and who gets its report.
	 */
	record Due(String botId, ReportPeriod period, List<String> recipients) {
	}

}
