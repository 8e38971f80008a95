package io.tidings.report;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class ReportSummaryIntegrationTests {

	private static final String COUNTS = "accepted,sent,delivered,read,replied,failed";

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void sendsThroughTheApisAreSummarisedByEveryGrouping() {
		TestBot bot = this.client.newBot(null);
		this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"other\",\"channel\":\"whatsapp\",\"body\":\"Hi\"}", "x-api-key", bot.key())
			.expect(201);
		List<String> ids = new ArrayList<>();
		for (String number : List.of("919876543210", "919876543213", "919876543215", "919876543212")) {
			ids.add(bot.send("whatsapp", number, null));
		}
		ids.add(bot.push("{\"userDetails\":{\"number\":\"919876543211\"},\"notification\":{\"templateId\":\"other\"}}")
			.expect(202)
			.json()
			.get("msgId")
			.asString());
		JsonNode campaign = this.client
			.post("/api/v1/messages",
					"{\"is_campaign\":true,\"reference\":\"spring\",\"use_bucket\":false,"
							+ "\"recipients\":\"919876543212,919876543211\",\"use_template\":false,\"body\":\"Sale!\"}",
					"x-api-key", bot.key())
			.expect(202)
			.json()
			.get("data");
		String campaignId = campaign.get("campaign_id").asString();
		campaign.get("message_ids").forEach((id) -> ids.add(id.asString()));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> ids.stream()
				.map(bot::status)
				.toList()
				.equals(List.of("FAILED", "REPLY", "READ", "DELIVERED_USER", "DELIVERED_CHANNEL", "DELIVERED_USER",
						"DELIVERED_CHANNEL")));
		String today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).toString();
		String range = "&from=" + today + "&to=" + today;

		JsonNode byTemplate = summary(bot, "template" + range).expect(200).json();
		assertThat(byTemplate.get("botId").asString()).isEqualTo(bot.id());
		assertThat(byTemplate.get("groupBy").asString()).isEqualTo("template");
		assertThat(byTemplate.get("from").asString()).isEqualTo(today + "T00:00:00.000Z");
		assertThat(byTemplate.get("to").asString()).isEqualTo(LocalDate.parse(today).plusDays(1) + "T00:00:00.000Z");
		assertThat(counts(byTemplate.get("total"))).isEqualTo("7,7,4,2,1,1");
		JsonNode templates = byTemplate.get("groups");
		assertThat(templates.valueStream().map((g) -> g.get("key").isNull() ? "(none)" : g.get("key").asString()))
			.containsExactly("welcome", "(none)", "other");
		assertThat(counts(templates.get(0))).isEqualTo("4,4,3,2,1,1");
		assertThat(counts(templates.get(1))).isEqualTo("2,2,1,0,0,0");
		assertThat(counts(templates.get(2))).isEqualTo("1,1,0,0,0,0");
		assertThat(templates.get(0).get("avgQueueMs").isNumber()).isTrue();
		assertThat(templates.get(0).get("avgDeliveryMs").isNumber()).isTrue();
		assertThat(templates.get(2).get("avgDeliveryMs").isNull()).isTrue();

		JsonNode campaigns = summary(bot, "campaign" + range).expect(200).json().get("groups");
		assertThat(campaigns).hasSize(2);
		assertThat(campaigns.get(0).get("key").isNull()).isTrue();
		assertThat(counts(campaigns.get(0))).isEqualTo("5,5,3,2,1,1");
		assertThat(campaigns.get(1).get("key").asString()).isEqualTo(campaignId);
		assertThat(counts(campaigns.get(1))).isEqualTo("2,2,1,0,0,0");

		JsonNode statuses = summary(bot, "status" + range).expect(200).json();
		assertThat(statuses.get("groups").toString()).isEqualTo("[{\"key\":\"CREATED\",\"count\":0},"
				+ "{\"key\":\"DELIVERED_CHANNEL\",\"count\":2},{\"key\":\"DELIVERED_USER\",\"count\":2},"
				+ "{\"key\":\"READ\",\"count\":1},{\"key\":\"REPLY\",\"count\":1},{\"key\":\"FAILED\",\"count\":1}]");
		assertThat(counts(statuses.get("total"))).isEqualTo("7,7,4,2,1,1");

		Map<String, Long> createdByHour = createdBy(bot,
				"to_char(created_at at time zone 'UTC', " + "'YYYY-MM-DD\"T\"HH24\":00:00.000Z\"')");
		JsonNode hours = summary(bot, "hour" + range).expect(200).json().get("groups");
		assertThat(hours).hasSize(24);
		assertThat(hours.get(0).get("key").asString()).isEqualTo(today + "T00:00:00.000Z");
		assertThat(hours.get(23).get("key").asString()).isEqualTo(today + "T23:00:00.000Z");
		assertThat(accepted(hours)).isEqualTo(createdByHour);

		// the default range: the last seven days, today included
		Map<String, Long> createdByDay = createdBy(bot, "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')");
		JsonNode days = summary(bot, "day").expect(200).json().get("groups");
		assertThat(days).hasSize(7);
		assertThat(days.get(6).get("key").asString()).isEqualTo(today);
		assertThat(days.get(0).get("key").asString()).isEqualTo(LocalDate.parse(today).minusDays(6).toString());
		assertThat(accepted(days)).isEqualTo(createdByDay);
	}

	@Test
	void rollupsAreSummedByDayAndHourWithEmptyPeriodsIncluded() {
		TestBot bot = this.client.newBot(null);
		rollup(bot.id(), "2025-03-01T10:00:00Z", "", "a", "accepted=5, sent=4, in_delivered_user=1, in_read=2, "
				+ "in_reply=1, in_failed=1, queue_ms_sum=4000, queue_count=4, delivery_ms_sum=3000, delivery_count=3");
		rollup(bot.id(), "2025-03-01T23:00:00Z", "", "b", "accepted=2, in_created=2");
		rollup(bot.id(), "2025-03-03T00:00:00Z", "7", "a",
				"accepted=1, sent=1, in_delivered_channel=1, queue_ms_sum=500, queue_count=1");
		rollup(bot.id(), "2025-03-04T00:00:00Z", "7", "a", "accepted=100");

		JsonNode days = summary(bot, "day&from=2025-03-01&to=2025-03-03").expect(200).json();
		assertThat(days.get("from").asString()).isEqualTo("2025-03-01T00:00:00.000Z");
		assertThat(days.get("to").asString()).isEqualTo("2025-03-04T00:00:00.000Z");
		assertThat(days.get("total").toString()).isEqualTo("{\"accepted\":8,\"sent\":5,\"delivered\":4,\"read\":3,"
				+ "\"replied\":1,\"failed\":1,\"avgQueueMs\":900,\"avgDeliveryMs\":1000}");
		assertThat(days.get("groups").toString()).isEqualTo("[{\"key\":\"2025-03-01\",\"accepted\":7,\"sent\":4,"
				+ "\"delivered\":4,\"read\":3,\"replied\":1,\"failed\":1,\"avgQueueMs\":1000,\"avgDeliveryMs\":1000},"
				+ "{\"key\":\"2025-03-02\",\"accepted\":0,\"sent\":0,\"delivered\":0,\"read\":0,\"replied\":0,"
				+ "\"failed\":0,\"avgQueueMs\":null,\"avgDeliveryMs\":null},"
				+ "{\"key\":\"2025-03-03\",\"accepted\":1,\"sent\":1,\"delivered\":0,\"read\":0,\"replied\":0,"
				+ "\"failed\":0,\"avgQueueMs\":500,\"avgDeliveryMs\":null}]");

		// an exact-time range covers the whole hours it touches, its end included
		JsonNode hours = summary(bot, "hour&from=2025-03-01T10:30:00Z&to=2025-03-01T12:00:00Z").expect(200).json();
		assertThat(hours.get("from").asString()).isEqualTo("2025-03-01T10:00:00.000Z");
		assertThat(hours.get("to").asString()).isEqualTo("2025-03-01T13:00:00.000Z");
		assertThat(hours.get("groups").valueStream().map((g) -> g.get("key").asString() + "=" + g.get("accepted")))
			.containsExactly("2025-03-01T10:00:00.000Z=5", "2025-03-01T11:00:00.000Z=0", "2025-03-01T12:00:00.000Z=0");

		JsonNode templates = summary(bot, "template&from=2025-03-01&to=2025-03-03").expect(200).json().get("groups");
		assertThat(templates.valueStream().map((g) -> g.get("key").asString() + "=" + g.get("accepted")))
			.containsExactly("a=6", "b=2");
		JsonNode statuses = summary(bot, "status&from=2025-03-01&to=2025-03-03").expect(200).json().get("groups");
		assertThat(statuses.valueStream().map((g) -> g.get("key").asString() + "=" + g.get("count")))
			.containsExactly("CREATED=2", "DELIVERED_CHANNEL=1", "DELIVERED_USER=1", "READ=2", "REPLY=1", "FAILED=1");
		JsonNode empty = summary(bot, "campaign&from=2024-01-01&to=2024-01-31").expect(200).json();
		assertThat(empty.get("groups")).isEmpty();
		assertThat(counts(empty.get("total"))).isEqualTo("0,0,0,0,0,0");
	}

	@Test
	void badParametersAreRefusedNamingThem() {
		TestBot bot = this.client.newBot(null);
		assertNamed(summary(bot, "week"), "groupBy");
		assertNamed(summary(bot, "day&from=yesterday"), "from");
		assertNamed(summary(bot, "day&to=2025-02-30"), "to");
		assertNamed(summary(bot, "day&from=2025-03-02&to=2025-03-01"), "from");
		assertNamed(summary(bot, "hour&from=2025-01-01&to=2025-02-01"), "to");
		assertNamed(summary(bot, "day&from=2024-01-01&to=2025-03-01"), "to");
		summary(bot, "template&from=2020-01-01&to=2025-03-01").expect(200);
	}

	@Test
	void onlyTheBotItselfAndTheAdminMaySeeItsSummary() {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		String path = "/v1/bots/" + bot.id() + "/reports/summary";
		assertError(other.get(path), 404, 1425);
		assertError(this.client.get(path), 401, 1400);
		this.client.get(path, "x-api-key", TidingsClient.ADMIN_KEY).expect(200);
		assertError(this.client.get("/v1/bots/no_such_bot/reports/summary", "x-api-key", TidingsClient.ADMIN_KEY), 404,
				1425);
	}

	private Response summary(TestBot bot, String groupByAndRange) {
		return bot.get("/v1/bots/" + bot.id() + "/reports/summary?groupBy=" + groupByAndRange);
	}

	private static String counts(JsonNode group) {
		List<String> values = new ArrayList<>();
		for (String name : COUNTS.split(",")) {
			values.add(group.get(name).asString());
		}
		return String.join(",", values);
	}

	private static Map<String, Long> accepted(JsonNode groups) {
		Map<String, Long> accepted = new HashMap<>();
		groups.forEach((g) -> {
			if (g.get("accepted").asLong() > 0) {
				accepted.put(g.get("key").asString(), g.get("accepted").asLong());
			}
		});
		return accepted;
	}

	private Map<String, Long> createdBy(TestBot bot, String key) {
		Map<String, Long> counts = new HashMap<>();
		this.jdbc.query("select " + key + ", count(*) from notification where bot_id = ? group by 1",
				(RowCallbackHandler) (rs) -> counts.put(rs.getString(1), rs.getLong(2)), bot.id());
		return counts;
	}

	private static void assertNamed(Response response, String parameter) {
		assertError(response, 400, 100);
		assertThat(response.json().get("message").asString()).startsWith(parameter + " ");
	}

	private void rollup(String botId, String hour, String campaignId, String template, String counters) {
		StringBuilder columns = new StringBuilder();
		StringBuilder values = new StringBuilder();
		for (String assignment : counters.split(",")) {
			String[] pair = assignment.strip().split("=");
			columns.append(", ").append(pair[0]);
			values.append(", ").append(Long.parseLong(pair[1]));
		}
		this.jdbc.update("insert into notification_rollup (bot_id, hour, campaign_id, template_name" + columns
				+ ") values (?, ?::timestamptz, ?, ?" + values + ")", botId, hour, campaignId, template);
	}

}
