package io.tidings.api.messages;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class MessagesSurfaceIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void bucketCampaignIsQueuedListedAndReusedByReference() {
		TestBot bot = fastBot();
		// the campaign must still be running at the second request, however fast it would
		// finish
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/whatsapp", "{\"provider\":\"parking\"}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(200);
		long bucket = bucket(bot, "0991234561\n0991234562\n0991234563\n0991234565\n");
		long template = template(bot);
		String body = "{\"is_campaign\":true,\"reference\":\"abc_123\",\"use_bucket\":true,\"recipients\":\"" + bucket
				+ "\",\"use_template\":true,\"body\":\"" + template + "\",\"sender\":\"GTBank\"}";
		JsonNode sent = post(bot, "/api/v1/messages", body).expect(202).json();
		assertThat(sent.get("status").asString()).isEqualTo("SUCCESS");
		JsonNode data = sent.get("data");
		long campaign = data.get("campaign_id").asLong();
		assertThat(data.get("total").asLong()).isEqualTo(4);
		assertThat(data.get("message_ids")).hasSize(4);
		JsonNode again = post(bot, "/api/v1/messages", body).expect(202).json().get("data");
		assertThat(again.get("campaign_id").asLong()).isEqualTo(campaign);
		assertThat(again.get("message_ids")).isEmpty();
		JsonNode list = get(bot, "/api/v1/campaigns").expect(200).json().get("data");
		assertThat(list.get("total").asLong()).isEqualTo(1);
		JsonNode item = list.get("items").get(0);
		assertThat(item.get("id").asLong()).isEqualTo(campaign);
		assertThat(item.get("name").asString()).isEqualTo("abc_123");
		assertThat(item.get("client_id").asLong()).isPositive();
		assertThat(item.get("template_id").asLong()).isEqualTo(template);
		assertThat(item.get("bucket_id").asLong()).isEqualTo(bucket);
		assertThat(item.get("total").asLong()).isEqualTo(4);
		assertThat(item.has("created_at") && item.has("created_by")).isTrue();
		JsonNode messages = get(bot, "/api/v1/campaigns/" + campaign + "/messages").expect(200).json().get("data");
		assertThat(messages.get("total").toString()).isEqualTo("[{\"total\":\"4\"}]");
		assertThat(messages.get("items")).hasSize(4);
		assertThat(messages.get("items").get(0).get("sender").asString()).isEqualTo("GTBank");
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isEqualTo(4);
	}

	@Test
	void textToListedNumbersIsAnSmsBulkSend() {
		TestBot bot = fastBot();
		JsonNode data = post(bot, "/api/v1/messages", "{\"is_campaign\":false,\"use_bucket\":false,"
				+ "\"recipients\":\"919876543215, 919876543212\",\"use_template\":false,\"body\":\"Your code is 1234\"}")
			.expect(202)
			.json()
			.get("data");
		assertThat(data.get("campaign_id").isNull()).isTrue();
		assertThat(data.get("total").asLong()).isEqualTo(2);
		String id = data.get("message_ids").get(0).asString();
		JsonNode n = bot.notification(id).expect(200).json();
		assertThat(n.get("origin").asString()).isEqualTo("BULK");
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("DELIVERED_USER"));
		String single = post(bot, "/api/v1/messages",
				"{\"use_bucket\":false,\"recipients\":\"919876543211\"," + "\"use_template\":false,\"body\":\"Hi\"}")
			.expect(202)
			.json()
			.get("data")
			.get("message_ids")
			.get(0)
			.asString();
		assertThat(bot.notification(single).json().get("origin").asString()).isEqualTo("API");
		JsonNode history = get(bot, "/api/v1/messages/phone/919876543215").expect(200).json();
		assertThat(history.get("message").asString()).isEqualTo("phone messages retrieved successfully");
		assertThat(history.get("data").get("total").toString()).isEqualTo("[{\"total\":\"1\"}]");
		assertThat(history.get("data").get("items").get(0).get("phone").asString()).isEqualTo("919876543215");
		assertError(post(bot, "/api/v1/messages", "{\"use_bucket\":false,\"recipients\":\"919876543211,12\","
				+ "\"use_template\":false,\"body\":\"Hi\"}"), 400, 100);
	}

	@Test
	void hourlyStatisticsCountTheDayByHour() {
		TestBot bot = fastBot();
		long bucket = bucket(bot, "919876543210\n919876543211\n919876543215\n919876543213\n");
		long template = template(bot);
		long campaign = post(bot, "/api/v1/messages",
				"{\"is_campaign\":true,\"reference\":\"stats\",\"use_bucket\":true," + "\"recipients\":\"" + bucket
						+ "\",\"use_template\":true,\"body\":\"" + template + "\"}")
			.expect(202)
			.json()
			.get("data")
			.get("campaign_id")
			.asLong();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and status in ('CREATED', 'DELIVERED_CHANNEL')",
					Long.class, bot.id()) == 1);
		String today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).toString();
		JsonNode data = get(bot, "/api/v1/statistics/hourly?date=" + today + "&campaign_id=" + campaign).expect(200)
			.json()
			.get("data");
		assertThat(data.get("submitted_count").asLong()).isEqualTo(4);
		assertThat(data.get("sent_count").asLong()).isEqualTo(4);
		assertThat(data.get("successful_count").asLong()).isEqualTo(2);
		assertThat(data.get("absent_count").asLong()).isEqualTo(1);
		assertThat(data.get("failed_count").asLong()).isZero();
		assertThat(data.get("invalid_count").asLong()).isZero();
		assertThat(data.get("avg_queue_time").asDouble()).isGreaterThanOrEqualTo(0);
		assertThat(data.get("oldest_on_queue").isNull()).isTrue();
		assertThat(data.get("queue_count").isNull()).isTrue();
		JsonNode detail = data.get("detail");
		assertThat(detail).hasSize(24);
		assertThat(detail.get(0).get("hour").asString()).isEqualTo("00:00");
		assertThat(detail.get(23).get("hour").asString()).isEqualTo("23:00");
		assertThat(detail.valueStream().mapToLong((h) -> h.get("submitted_count").asLong()).sum()).isEqualTo(4);
		JsonNode yesterday = get(bot,
				"/api/v1/statistics/hourly?date="
						+ LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).minusDays(1))
			.expect(200)
			.json()
			.get("data");
		assertThat(yesterday.get("submitted_count").asLong()).isZero();
		assertThat(yesterday.get("detail")).hasSize(24);
		assertError(get(bot, "/api/v1/statistics/hourly?date=yesterday"), 400, 100);
		assertError(get(bot, "/api/v1/statistics/hourly?campaign_id=999999"), 404, 1425);
	}

	@Test
	void routeListsTheClientsSenders() {
		TestBot bot = fastBot();
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/sms",
					"{\"provider\":\"simulator\",\"senders\":[\"GTBank\",\"TIDINGS\"]}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(200);
		long clientId = bot.get("/v1/bots/" + bot.id()).json().get("clientId").asLong();
		JsonNode data = get(bot, "/api/v1/route/" + clientId).expect(200).json().get("data");
		assertThat(data.get("client_id").asLong()).isEqualTo(clientId);
		assertThat(data.get("senders").toString()).isEqualTo("[\"GTBank\",\"TIDINGS\"]");
		assertError(get(bot, "/api/v1/route/" + (clientId + 1000)), 404, 1425);
	}

	@Test
	void templatesOnTheMessagesSurface() {
		TestBot bot = fastBot();
		JsonNode created = post(bot, "/api/v1/templates",
				"{\"name\":\"otp\",\"channel\":\"sms\",\"body\":\"Code {{1}}\"}")
			.expect(201)
			.json();
		assertThat(created.get("status").asString()).isEqualTo("SUCCESS");
		long id = created.get("data").get("id").asLong();
		assertThat(get(bot, "/api/v1/templates/" + id).json().get("data").get("name").asString()).isEqualTo("otp");
		this.client
			.put("/api/v1/templates/" + id, "{\"name\":\"otp\",\"channel\":\"sms\",\"body\":\"Pin {{1}}\"}",
					"x-api-key", bot.key())
			.expect(200);
		assertThat(get(bot, "/api/v1/templates").json().get("data").get("total").asLong()).isEqualTo(4);
		this.client.delete("/api/v1/templates/" + id, "x-api-key", bot.key()).expect(200);
		assertError(get(bot, "/api/v1/templates/" + id), 404, 1425);
	}

	@Test
	void badMessagesRequestsAreRefused() {
		TestBot bot = fastBot();
		long template = template(bot);
		long empty = this.client.post("/api/v1/buckets", "{\"name\":\"empty\"}", "x-api-key", bot.key())
			.json()
			.get("data")
			.get("id")
			.asLong();
		assertError(
				post(bot, "/api/v1/messages", "{\"use_bucket\":true,\"recipients\":\"999999\",\"use_template\":true,"
						+ "\"body\":\"" + template + "\"}"),
				404, 1425);
		assertError(post(bot, "/api/v1/messages",
				"{\"use_bucket\":true,\"recipients\":\"" + empty + "\",\"use_template\":true,\"body\":\"999999\"}"),
				404, 1425);
		assertError(post(bot, "/api/v1/messages", "{\"use_bucket\":true,\"recipients\":\"" + empty
				+ "\",\"use_template\":true,\"body\":\"" + template + "\"}"), 422, 100);
		assertError(post(bot, "/api/v1/messages", "{\"is_campaign\":true,\"use_bucket\":true,\"recipients\":\"" + empty
				+ "\",\"use_template\":true,\"body\":\"" + template + "\"}"), 400, 1426);
		assertError(get(bot, "/api/v1/campaigns?limit=501"), 400, 100);
		assertError(this.client.get("/api/v1/campaigns", "x-api-key", TidingsClient.ADMIN_KEY), 403, 1405);
		assertError(get(bot, "/api/v1/campaigns/999999/messages"), 404, 1425);
	}

	private TestBot fastBot() {
		TestBot bot = this.client.newBot(null);
		for (String channel : new String[] { "whatsapp", "sms" }) {
			this.client
				.put("/v1/bots/" + bot.id() + "/channels/" + channel, "{\"provider\":\"simulator\",\"stepDelayMs\":0}",
						"x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200);
		}
		return bot;
	}

	private long bucket(TestBot bot, String numbers) {
		long id = this.client.post("/api/v1/buckets", "{\"name\":\"list\"}", "x-api-key", bot.key())
			.expect(201)
			.json()
			.get("data")
			.get("id")
			.asLong();
		this.client
			.post("/api/v1/buckets/" + id + "/contacts", "number,name\n" + numbers.replace("\n", ",X\n"), "x-api-key",
					bot.key(), "Content-Type", "text/csv")
			.expect(200);
		return id;
	}

	private long template(TestBot bot) {
		return this.client
			.post("/api/v1/templates",
					"{\"name\":\"promo_" + System.nanoTime() + "\",\"channel\":\"whatsapp\",\"body\":\"Hi {{name}}\"}",
					"x-api-key", bot.key())
			.expect(201)
			.json()
			.get("data")
			.get("id")
			.asLong();
	}

	private Response post(TestBot bot, String path, String body) {
		return this.client.post(path, body, "x-api-key", bot.key());
	}

	private Response get(TestBot bot, String path) {
		return this.client.get(path, "x-api-key", bot.key());
	}

}
