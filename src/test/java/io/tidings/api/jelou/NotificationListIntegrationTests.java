package io.tidings.api.jelou;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class NotificationListIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void seedSampleMixGivesTheSeedsStatsAndPerformance() {
		TestBot bot = this.client.newBot(null);
		List<String> ids = List.of(bot.send("whatsapp", "919876543210", null),
				bot.send("whatsapp", "919876543215", null), bot.send("whatsapp", "919876543213", null),
				bot.send("whatsapp", "919876543223", null));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ids.stream().map(bot::status).toList().equals(List.of("FAILED", "READ", "REPLY", "REPLY")));
		JsonNode page = bot.get("/v1/bots/" + bot.id() + "/notifications").expect(200).json();
		assertThat(page.get("_metadata").get("stats").toString()).isEqualTo(
				"{\"FAILED\":1,\"CREATED\":0,\"DELIVERED_USER\":3,\"DELIVERED_CHANNEL\":0,\"USER_READ\":1,\"TOTAL_HSM\":4,"
						+ "\"USER_REPLIED\":2,\"TOTAL_DELIVERED\":3}");
		assertThat(page.get("_metadata").get("performance").toString()).isEqualTo(
				"{\"FAILED\":\"33.33\",\"CREATED\":\"0.00\",\"DELIVERED_USER\":\"100.00\",\"DELIVERED_CHANNEL\":\"0.00\","
						+ "\"USER_READ\":\"33.33\",\"USER_REPLIED\":\"66.67\"}");
		assertThat(page.get("pagination").toString())
			.isEqualTo("{\"limit\":50,\"total\":4,\"offset\":0,\"totalPages\":1}");
		JsonNode results = page.get("results");
		assertThat(results.valueStream().map((r) -> r.get("_id").asString())).containsExactlyElementsOf(ids.reversed());
		JsonNode read = results.get(2);
		assertThat(read.get("wasRead").asString()).isEqualTo("Yes");
		assertThat(results.get(3).get("wasRead").asString()).isEqualTo("No");
		assertThat(results.get(3).get("error").asString()).isEqualTo("Number Does Not Exists On WhatsApp");
		assertThat(read.get("messageId").asString()).startsWith("sim-");
		assertThat(read.get("request").get("userDetails").get("number").asString()).isEqualTo("919876543215");
		assertThat(read.get("origin").asString()).isEqualTo("API");
		assertThat(read.get("elementName").asString()).isEqualTo("welcome");
		assertThat(read.get("deliveryUserAt").isNull()).isFalse();
		assertThat(read.get("deliveryChannelAt").isNull()).isFalse();
		assertThat(read.get("sentDate").isNull()).isFalse();
	}

	@Test
	void statsCoverEveryMatchWhileResultsArePaged() {
		TestBot bot = this.client.newBot(null);
		for (int i = 0; i < 5; i++) {
			bot.send("whatsapp", "91987654321" + i, null);
		}
		JsonNode page = bot.get("/v1/bots/" + bot.id() + "/notifications?limit=2&page=3").expect(200).json();
		assertThat(page.get("pagination").toString())
			.isEqualTo("{\"limit\":2,\"total\":5,\"offset\":4,\"totalPages\":3}");
		assertThat(page.get("results")).hasSize(1);
		assertThat(page.get("_metadata").get("stats").get("TOTAL_HSM").asLong()).isEqualTo(5);
		assertThat(bot.get("/v1/bots/" + bot.id() + "/notifications?limit=2&page=4").json().get("results")).isEmpty();
	}

	@Test
	void filtersByTemplateAndByDay() {
		TestBot bot = this.client.newBot(null);
		this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"other\",\"channel\":\"whatsapp\",\"body\":\"Hi\"}", "x-api-key", bot.key())
			.expect(201);
		bot.send("whatsapp", "919876543211", null);
		bot.push("{\"userDetails\":{\"number\":\"919876543211\"},\"notification\":{\"templateId\":\"other\"}}")
			.expect(202);
		String base = "/v1/bots/" + bot.id() + "/notifications";
		JsonNode other = bot.get(base + "?elementName=other").expect(200).json();
		assertThat(other.get("pagination").get("total").asLong()).isEqualTo(1);
		assertThat(other.get("results").get(0).get("elementName").asString()).isEqualTo("other");
		String today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).toString();
		String yesterday = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).minusDays(1).toString();
		assertThat(bot.get(base + "?from=" + today + "&to=" + today).json().get("pagination").get("total").asLong())
			.isEqualTo(2);
		assertThat(bot.get(base + "?to=" + yesterday).json().get("pagination").get("total").asLong()).isZero();
		assertThat(bot.get(base + "?campaignId=none").json().get("pagination").get("total").asLong()).isZero();
	}

	@Test
	void exactTimeEdgesAreCountedFromTheTable() {
		TestBot bot = this.client.newBot(null);
		Instant hour = Instant.parse("2025-06-01T10:00:00Z");
		insert(bot.id(), hour.plusSeconds(10), 3);
		insert(bot.id(), hour.plusSeconds(1800), 4);
		insert(bot.id(), hour.plusSeconds(3600 + 60), 5);
		String base = "/v1/bots/" + bot.id() + "/notifications";
		assertThat(total(bot, base + "?from=2025-06-01&to=2025-06-01")).isEqualTo(12);
		assertThat(total(bot, base + "?from=2025-06-01T10:00:11Z")).isEqualTo(9);
		assertThat(total(bot, base + "?from=2025-06-01T10:00:00Z&to=2025-06-01T10:30:00Z")).isEqualTo(7);
		assertThat(total(bot, base + "?from=2025-06-01T10:15:00Z&to=2025-06-01T11:05:00Z")).isEqualTo(9);
		assertThat(bot.get(base + "?from=2025-06-01T10:15:00Z&to=2025-06-01T11:05:00Z").json().get("results"))
			.hasSize(9);
	}

	@Test
	void badParametersAreNamed() {
		TestBot bot = this.client.newBot(null);
		String base = "/v1/bots/" + bot.id() + "/notifications";
		assertNamed(bot.get(base + "?limit=51"), "limit");
		assertNamed(bot.get(base + "?limit=ten"), "limit");
		assertNamed(bot.get(base + "?page=0"), "page");
		assertNamed(bot.get(base + "?from=yesterday"), "from");
		assertNamed(bot.get(base + "?to=2025-13-45"), "to");
		assertNamed(bot.get(base + "?download=maybe"), "download");
	}

	@Test
	void unknownAndForeignBotsAreNotFound() {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		other.send("whatsapp", "919876543211", null);
		assertError(bot.get("/v1/bots/" + other.id() + "/notifications"), 404, 1425);
		assertError(bot.get("/v1/bots/" + other.id() + "/notifications?download=true"), 404, 1425);
		assertError(this.client.get("/v1/bots/no_such_bot/notifications", "x-api-key", TidingsClient.ADMIN_KEY), 404,
				1425);
	}

	@Test
	void downloadStreamsEveryMatchAsCsvWithFormulasDefused() throws Exception {
		TestBot bot = this.client.newBot(null);
		this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"-minus\",\"channel\":\"whatsapp\",\"body\":\"Hi\"}", "x-api-key", bot.key())
			.expect(201);
		bot.push("{\"userDetails\":{\"number\":\"919876543211\"},\"notification\":{\"templateId\":\"-minus\"}}")
			.expect(202);
		String replied = bot.send("whatsapp", "919876543211", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(replied).equals("DELIVERED_CHANNEL"));
		this.client
			.post("/webhooks/simulator/" + bot.id() + "/inbound", "{\"from\":\"919876543211\",\"text\":\"=1+1\"}",
					"x-api-key", bot.key())
			.expect(200);
		for (int i = 0; i < 60; i++) {
			bot.send("whatsapp", "91987654321" + (i % 10), null);
		}
		Response csv = bot.get("/v1/bots/" + bot.id() + "/notifications?download=true");
		csv.expect(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains(".csv");
		List<CSVRecord> rows;
		try (CSVParser parser = CSVFormat.RFC4180.builder()
			.setHeader()
			.get()
			.parse(new java.io.StringReader(csv.body()))) {
			assertThat(parser.getHeaderNames()).startsWith("id", "messageId", "destination");
			rows = parser.getRecords();
		}
		assertThat(rows).hasSize(62);
		assertThat(rows).anySatisfy((row) -> assertThat(row.get("elementName")).isEqualTo("'-minus"));
		assertThat(rows).anySatisfy((row) -> assertThat(row.get("reply")).isEqualTo("'=1+1"));
		assertThat(rows).allSatisfy((row) -> assertThat(row.get("wasRead")).isIn("Yes", "No"));
	}

	@Test
	void largeDownloadStreamsInFlatMemory() throws Exception {
		TestBot bot = this.client.newBot(null);
		int count = 400_000;
		insert(bot.id(), Instant.parse("2025-01-01T00:00:00Z"), count);
		var memory = ManagementFactory.getMemoryMXBean();
		System.gc();
		long baseline = memory.getHeapMemoryUsage().getUsed();
		long peak = 0;
		long lines = 0;
		HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(this.client.baseUrl() + "/v1/bots/" + bot.id() + "/notifications?download=true"))
				.header("x-api-key", bot.key())
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			while (reader.readLine() != null) {
				lines++;
				if (lines % 100_000 == 0) {
					System.gc();
					peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed() - baseline);
				}
			}
		}
		assertThat(lines).isEqualTo(count + 1);
		// the CSV is ~70 MB; holding it (or the rows) in memory would show here
		assertThat(peak).isLessThan(48L * 1024 * 1024);
	}

	private long total(TestBot bot, String path) {
		return bot.get(path).expect(200).json().get("pagination").get("total").asLong();
	}

	private static void assertNamed(Response response, String parameter) {
		assertError(response, 400, 100);
		assertThat(response.json().get("message").asString()).startsWith(parameter);
	}

	/**
	 * Inserts notifications straight into the tables, rollups included, as the pipeline
	 * would have left them.
	 */
	private void insert(String botId, Instant createdAt, int count) {
		this.jdbc.update(
				"""
						insert into notification (id, bot_id, channel, origin, callback_format, template_name, destination, content,
						  status, created_at, sent_at, delivery_channel_at)
						select gen_random_uuid(), ?, 'whatsapp', 'API', 'yellow', 'welcome', '9198765' || lpad(g::text, 5, '0'),
						  '{}'::jsonb, 'DELIVERED_CHANNEL', ?, ?, ?
						from generate_series(1, ?) g""",
				botId, java.sql.Timestamp.from(createdAt), java.sql.Timestamp.from(createdAt),
				java.sql.Timestamp.from(createdAt), count);
		this.jdbc
			.update("""
					insert into notification_rollup as r (bot_id, hour, template_name, accepted, sent, in_delivered_channel)
					values (?, date_trunc('hour', ?::timestamptz), 'welcome', ?, ?, ?)
					on conflict (bot_id, hour, campaign_id, template_name, stripe) do update set accepted = r.accepted + excluded.accepted,
					  sent = r.sent + excluded.sent, in_delivered_channel = r.in_delivered_channel + excluded.in_delivered_channel""",
					botId, java.sql.Timestamp.from(createdAt), count, count, count);
	}

}
