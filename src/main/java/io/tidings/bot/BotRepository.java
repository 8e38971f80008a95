package io.tidings.bot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Status;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class BotRepository {

	private static final String COLUMNS = "id, client_id, name, api_access_enabled, rate_limit_per_minute, webhook_format, "
			+ "default_country_code, postback_url, webhook_secret, retention_days, report_recipients::text, "
			+ "report_schedule::text, created_at, callback_events::text";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	BotRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<Bot> find(String id) {
		return this.jdbc.sql("select " + COLUMNS + " from bot where id = ?").param(id).query(this::map).optional();
	}

	List<Bot> findAll() {
		return this.jdbc.sql("select " + COLUMNS + " from bot order by created_at, id").query(this::map).list();
	}

	List<Bot> findWithReportSchedule() {
		return this.jdbc
			.sql("select " + COLUMNS + " from bot where report_schedule->>'frequency' in ('daily', 'weekly')"
					+ " and jsonb_array_length(report_recipients) > 0 order by id")
			.query(this::map)
			.list();
	}

	boolean exists(String id) {
		return this.jdbc.sql("select count(*) from bot where id = ?").param(id).query(Long.class).single() > 0;
	}

	boolean any() {
		return this.jdbc.sql("select exists (select 1 from bot)").query(Boolean.class).single();
	}

	void insert(Bot bot) {
		this.jdbc
			.sql("""
					insert into bot (id, name, api_access_enabled, rate_limit_per_minute, webhook_format, default_country_code,
					  postback_url, webhook_secret, retention_days, report_recipients, report_schedule, created_at,
					  callback_events)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb)""")
			.params(bot.id(), bot.name(), bot.apiAccessEnabled(), bot.rateLimitPerMinute(), bot.webhookFormat().wire(),
					bot.defaultCountryCode(), bot.postbackUrl(), bot.webhookSecret(), bot.retentionDays(),
					this.json.writeValueAsString(bot.reportRecipients()), jsonOrNull(bot.reportSchedule()),
					Timestamp.from(bot.createdAt()), callbackEvents(bot))
			.update();
	}

	void update(Bot bot) {
		this.jdbc.sql("""
				update bot set name = ?, api_access_enabled = ?, rate_limit_per_minute = ?, webhook_format = ?,
				  default_country_code = ?, postback_url = ?, webhook_secret = ?, retention_days = ?,
				  report_recipients = ?::jsonb, report_schedule = ?::jsonb, callback_events = ?::jsonb
				where id = ?""")
			.params(bot.name(), bot.apiAccessEnabled(), bot.rateLimitPerMinute(), bot.webhookFormat().wire(),
					bot.defaultCountryCode(), bot.postbackUrl(), bot.webhookSecret(), bot.retentionDays(),
					this.json.writeValueAsString(bot.reportRecipients()), jsonOrNull(bot.reportSchedule()),
					callbackEvents(bot), bot.id())
			.update();
	}

	// null stands for every status, so that statuses added later are called back too
	private String callbackEvents(Bot bot) {
		return bot.callbackEvents().equals(EnumSet.allOf(Status.class)) ? null
				: this.json.writeValueAsString(bot.callbackEvents().stream().map(Status::name).toList());
	}

	private Set<Status> callbackEvents(String stored) {
		if (stored == null) {
			return Collections.unmodifiableSet(EnumSet.allOf(Status.class));
		}
		EnumSet<Status> events = EnumSet.noneOf(Status.class);
		this.json.readValue(stored, new TypeReference<List<String>>() {
		}).forEach((name) -> events.add(Status.valueOf(name)));
		return Collections.unmodifiableSet(events);
	}

	private String jsonOrNull(Map<String, Object> value) {
		return (value != null) ? this.json.writeValueAsString(value) : null;
	}

	private Bot map(ResultSet rs, int row) throws SQLException {
		String schedule = rs.getString("report_schedule");
		return new Bot(rs.getString("id"), rs.getLong("client_id"), rs.getString("name"),
				rs.getBoolean("api_access_enabled"), rs.getInt("rate_limit_per_minute"),
				CallbackFormat.fromWire(rs.getString("webhook_format")), rs.getString("default_country_code"),
				rs.getString("postback_url"), rs.getString("webhook_secret"), rs.getInt("retention_days"),
				this.json.readValue(rs.getString("report_recipients"), new TypeReference<List<String>>() {
				}), (schedule != null) ? this.json.readValue(schedule, new TypeReference<Map<String, Object>>() {
				}) : null, rs.getTimestamp("created_at").toInstant(), callbackEvents(rs.getString("callback_events")));
	}

}
