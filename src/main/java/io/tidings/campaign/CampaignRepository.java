package io.tidings.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.tidings.common.Channel;
import io.tidings.common.Origin;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class CampaignRepository {

	static final String COLUMNS = "id, bot_id, name, channel, origin, template_id, template_name, body, bucket_id, sender, "
			+ "status, scheduled_at, rate_per_second, total, queued, fanout_done, created_by, created_at, started_at, "
			+ "finished_at, fanout_cursor, next_pace_at";

	private final JdbcTemplate jdbc;

	CampaignRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String botId, CampaignDraft draft, Channel channel, String templateName, CampaignStatus status,
			long total, Instant now) {
		return this.jdbc.queryForObject(
				"""
						insert into campaign (bot_id, name, channel, origin, template_id, template_name, body, bucket_id, sender,
						  status, scheduled_at, rate_per_second, total, created_by, created_at, started_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""",
				Long.class, botId, draft.name(), channel.wire(), draft.origin().name(), draft.templateId(),
				templateName, draft.text(), draft.bucketId(), draft.sender(), status.name(), ts(draft.scheduledAt()),
				draft.ratePerSecond(), total, draft.createdBy(), Timestamp.from(now),
				(status == CampaignStatus.RUNNING) ? Timestamp.from(now) : null);
	}

	Optional<Campaign> find(String botId, long id) {
		return this.jdbc.query("select " + COLUMNS + " from campaign where bot_id = ? and id = ?", this::map, botId, id)
			.stream()
			.findFirst();
	}

	Optional<Row> lock(long id) {
		return this.jdbc.query("select " + COLUMNS + " from campaign where id = ? for update", this::row, id)
			.stream()
			.findFirst();
	}

	/**
	 * The next campaign due for a fan-out batch, locked; others running at once skip it.
	 */
	Optional<Row> lockNextDue(Instant now, Instant paceHorizon) {
		return this.jdbc
			.query("""
					select %s from campaign
					where status in ('SCHEDULED', 'RUNNING') and not fanout_done and (scheduled_at is null or scheduled_at <= ?)
					  and (next_pace_at is null or next_pace_at <= ?)
					order by id limit 1 for update skip locked"""
				.formatted(COLUMNS), this::row, Timestamp.from(now), Timestamp.from(paceHorizon))
			.stream()
			.findFirst();
	}

	List<Long> fannedOutAndRunning() {
		return this.jdbc.queryForList("select id from campaign where status = 'RUNNING' and fanout_done", Long.class);
	}

	Optional<Campaign> findUnfinishedByName(String botId, String name) {
		return this.jdbc.query("""
				select %s from campaign where bot_id = ? and name = ? and status not in ('COMPLETED', 'CANCELLED')
				order by id desc limit 1""".formatted(COLUMNS), this::map, botId, name).stream().findFirst();
	}

	List<Campaign> list(String botId, int limit, long offset) {
		return this.jdbc.query(
				"select " + COLUMNS + " from campaign where bot_id = ? order by id desc limit ? offset ?", this::map,
				botId, limit, offset);
	}

	long count(String botId) {
		return this.jdbc.queryForObject("select count(*) from campaign where bot_id = ? and origin = 'CAMPAIGN'",
				Long.class, botId);
	}

	void progress(long id, long cursor, int created, boolean done, Instant nextPaceAt) {
		this.jdbc
			.update("""
					update campaign set fanout_cursor = ?, queued = queued + ?, fanout_done = ?, next_pace_at = ? where id = ?""",
					cursor, created, done, ts(nextPaceAt), id);
	}

	long insertDirect(String botId, String name, Channel channel, Long templateId, String templateName, String text,
			String sender, String createdBy, Instant now) {
		return this.jdbc.queryForObject("""
				insert into campaign (bot_id, name, channel, origin, template_id, template_name, body, sender, status,
				  fanout_done, created_by, created_at, started_at)
				values (?, ?, ?, 'CAMPAIGN', ?, ?, ?, ?, 'RUNNING', true, ?, ?, ?) returning id""", Long.class, botId,
				name, channel.wire(), templateId, templateName, text, sender, createdBy, Timestamp.from(now),
				Timestamp.from(now));
	}

	void addDirect(long id, int count) {
		this.jdbc.update("update campaign set total = total + ?, queued = queued + ? where id = ?", count, count, id);
	}

	void status(long id, CampaignStatus status, Instant now) {
		this.jdbc.update("""
				update campaign set status = ?,
				  started_at = case when ? = 'RUNNING' then coalesce(started_at, ?) else started_at end,
				  finished_at = case when ? in ('COMPLETED', 'CANCELLED') then ? else finished_at end
				where id = ?""", status.name(), status.name(), Timestamp.from(now), status.name(), Timestamp.from(now),
				id);
	}

	void paceFrom(long id, Instant nextPaceAt) {
		this.jdbc.update("update campaign set next_pace_at = ? where id = ?", ts(nextPaceAt), id);
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		Timestamp pace = rs.getTimestamp("next_pace_at");
		return new Row(map(rs, n), rs.getLong("fanout_cursor"), (pace != null) ? pace.toInstant() : null);
	}

	private Campaign map(ResultSet rs, int n) throws SQLException {
		return new Campaign(rs.getLong("id"), rs.getString("bot_id"), rs.getString("name"),
				Channel.fromWire(rs.getString("channel")), Origin.valueOf(rs.getString("origin")),
				(Long) rs.getObject("template_id"), rs.getString("template_name"), rs.getString("body"),
				(Long) rs.getObject("bucket_id"), rs.getString("sender"),
				CampaignStatus.valueOf(rs.getString("status")), instant(rs, "scheduled_at"),
				(Integer) rs.getObject("rate_per_second"), rs.getLong("total"), rs.getLong("queued"),
				rs.getBoolean("fanout_done"), rs.getString("created_by"), instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * A campaign with its fan-out position.
	 */
	record Row(Campaign campaign, long cursor, Instant nextPaceAt) {
	}

}
