package io.tidings.api.messages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tidings.channel.smpp.TestSmsc;
import io.tidings.support.IntegrationTest;
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

/**
 * Squad's SMS v1 paths (API.md §12), called as a Squad client calls them: Bearer key,
 * {@code count} for the page size, the client id in the path.
 */
@IntegrationTest
class SquadSmsIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aSendToNumbersAnswersSentAndABatchIdThatFindsItsMessages() {
		TestBot bot = fastBot();
		JsonNode answer = post(bot, "/service/message",
				"{\"is_campaign\":false,\"reference\":\"\",\"use_bucket\":false,"
						+ "\"recipients\":\"2348031234562,2348031234565\",\"use_template\":false,\"body\":\"Your OTP is 4821\","
						+ "\"sender\":\"GTBank\"}")
			.expect(202)
			.json();
		assertThat(answer.get("status").asString()).isEqualTo("SUCCESS");
		JsonNode data = answer.get("data");
		assertThat(data.get("sent").asLong()).isEqualTo(2);
		assertThat(data.get("campaign_id").isNull()).isTrue();
		String batch = data.get("batch_id").asString();
		assertThat(batch).isNotBlank();
		JsonNode found = get(bot, "/service/message/by-params?batch_id=" + batch).expect(200).json().get("data");
		assertThat(found.get("total").toString()).isEqualTo("[{\"total\":\"2\"}]");
		assertThat(found.get("items").findValuesAsString("phone")).containsExactlyInAnyOrder("2348031234562",
				"2348031234565");
		assertThat(found.get("items").findValuesAsString("id")).containsExactlyInAnyOrderElementsOf(
				data.get("message_ids").valueStream().map(JsonNode::asString).toList());
		// another send is another batch
		String other = post(bot, "/service/message",
				"{\"use_bucket\":false,\"recipients\":\"2348031234562\",\"use_template\":false,\"body\":\"Hi\"}")
			.expect(202)
			.json()
			.get("data")
			.get("batch_id")
			.asString();
		assertThat(other).isNotEqualTo(batch);
		assertThat(
				get(bot, "/service/message/by-params?batch_id=" + batch + "&count=1").json().get("data").get("items"))
			.hasSize(1);
		JsonNode byPhone = get(bot, "/service/message/by-phone/2348031234562?page=1&count=1").expect(200).json();
		assertThat(byPhone.get("message").asString()).isEqualTo("phone messages retrieved successfully");
		assertThat(byPhone.get("data").get("items")).hasSize(1);
		assertThat(byPhone.get("data").get("total").toString()).isEqualTo("[{\"total\":\"2\"}]");
		assertThat(get(bot, "/service/message/by-params?batch_id=nope").json().get("data").get("items")).isEmpty();
		assertError(get(bot, "/service/message/by-params"), 400, 1426);
		assertError(get(bot, "/service/message/by-phone/2348031234562?count=501"), 400, 100);
		assertThat(get(bot, "/service/message/by-phone/2348031234562?count=0").json().get("message").asString())
			.contains("count");
	}

	@Test
	void aBucketOfItemsWithParamsIsACampaignWithStatistics() {
		TestBot bot = fastBot();
		long clientId = clientId(bot);
		long template = balanceTemplate(bot);
		JsonNode bucket = post(bot, "/dashboard/bucket", "{\"name\":\"November customers\",\"description\":\"Lagos\","
				+ "\"client_id\":" + clientId + ",\"items\":[{\"phone_number\":\"2348031234562\",\"param1\":\"Ada\","
				+ "\"param2\":\"NGN 5,000\"},{\"phone_number\":\"2348031234560\",\"param1\":\"Bayo\",\"param2\":\"NGN 0\"},"
				+ "{\"phone_number\":\"2348031234565\",\"param1\":\"Chi\",\"param2\":\"NGN 12\"},"
				+ "{\"phone_number\":\"not a number\",\"param1\":\"X\",\"param2\":\"Y\"}]}")
			.expect(201)
			.json()
			.get("data");
		long bucketId = bucket.get("id").asLong();
		assertThat(bucket.get("description").asString()).isEqualTo("Lagos");
		assertThat(bucket.get("total").asLong()).isEqualTo(3);
		assertThat(bucket.get("import").get("rejected").get(0).get("row").asInt()).isEqualTo(4);
		JsonNode sent = post(bot, "/service/message",
				"{\"is_campaign\":true,\"reference\":\"nov_balances\"," + "\"use_bucket\":true,\"recipients\":\""
						+ bucketId + "\",\"use_template\":true,\"body\":\"" + template + "\",\"sender\":\"GTBank\"}")
			.expect(202)
			.json()
			.get("data");
		long campaign = sent.get("campaign_id").asLong();
		assertThat(sent.get("sent").asLong()).isEqualTo(3);
		assertThat(sent.get("batch_id").asString()).isEqualTo(Long.toString(campaign));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and status in ('CREATED', 'DELIVERED_CHANNEL')",
					Long.class, bot.id()) == 0);
		JsonNode messages = get(bot, "/service/message/campaign/messages/by-campaign/" + campaign + "?page=1&count=2")
			.expect(200)
			.json()
			.get("data");
		assertThat(messages.get("items")).hasSize(2);
		assertThat(messages.get("total").toString()).isEqualTo("[{\"total\":\"3\"}]");
		assertThat(get(bot, "/service/message/by-params?batch_id=" + campaign).json().get("data").get("items"))
			.hasSize(3);
		JsonNode byCampaign = get(bot, "/service/message/statistics/by-campaign/" + campaign).expect(200)
			.json()
			.get("data");
		assertThat(fields(byCampaign)).containsExactly("submitted", "invalid", "sent", "absent", "failed", "delivered",
				"deliveryFailed");
		assertThat(byCampaign.get("submitted").asLong()).isEqualTo(3);
		assertThat(byCampaign.get("sent").asLong()).isEqualTo(3);
		assertThat(byCampaign.get("delivered").asLong()).isEqualTo(2);
		assertThat(byCampaign.get("absent").asLong()).isEqualTo(1);
		assertThat(byCampaign.get("deliveryFailed").asLong()).isEqualTo(1);
		assertThat(byCampaign.get("invalid").asLong()).isZero();
		JsonNode byClient = get(bot, "/service/message/statistics/by-client/" + clientId).expect(200)
			.json()
			.get("data");
		assertThat(byClient.get("submitted").asLong()).isEqualTo(3);
		JsonNode hourly = get(bot, "/service/message.summary/hourly-statistics/by-client/" + clientId).expect(200)
			.json()
			.get("data");
		assertThat(hourly.get("submitted_count").asLong()).isEqualTo(3);
		assertThat(hourly.get("detail")).hasSize(24);
	}

	@Test
	void paramNFillsPlaceholderNInWhatTheSmscReceives() throws Exception {
		try (TestSmsc smsc = TestSmsc.start()) {
			TestBot bot = fastBot();
			try {
				this.client
					.put("/v1/bots/" + bot.id() + "/channels/sms",
							"{\"provider\":\"smpp\",\"host\":\"127.0.0.1\",\"port\":" + smsc.port()
									+ ",\"systemId\":\"tidings\",\"password\":\"secret\",\"senders\":[\"GTBank\"]}",
							"x-api-key", TidingsClient.ADMIN_KEY)
					.expect(200);
				long template = balanceTemplate(bot);
				long bucket = post(bot, "/dashboard/bucket",
						"{\"name\":\"November\",\"items\":[{\"phone_number\":\"2348031234562\",\"param1\":\"Ada\","
								+ "\"param2\":\"NGN 5,000\"},{\"phone_number\":\"2348031234565\",\"param1\":\"Chi\","
								+ "\"param2\":\"NGN 12\"}]}")
					.expect(201)
					.json()
					.get("data")
					.get("id")
					.asLong();
				post(bot, "/service/message",
						"{\"is_campaign\":false,\"use_bucket\":true,\"recipients\":\"" + bucket
								+ "\",\"use_template\":true,\"body\":\"" + template + "\",\"sender\":\"GTBank\"}")
					.expect(202);
				await().atMost(Duration.ofSeconds(15)).until(() -> smsc.submitted().size() == 2);
				assertThat(smsc.submitted()
					.stream()
					.map((s) -> s.destination() + ": " + new String(s.shortMessage(), StandardCharsets.ISO_8859_1))
					.toList()).containsExactlyInAnyOrder("2348031234562: Dear Ada, your balance is NGN 5,000",
							"2348031234565: Dear Chi, your balance is NGN 12");
			}
			finally {
				// back on the simulator, which closes the SMPP account: no bind is left
				// trying
				// to reach this SMSC once it is gone
				this.client
					.put("/v1/bots/" + bot.id() + "/channels/sms", "{\"provider\":\"simulator\"}", "x-api-key",
							TidingsClient.ADMIN_KEY)
					.expect(200);
				await().atMost(Duration.ofSeconds(10)).until(() -> smsc.sessionsBound() == 0);
			}
		}
	}

	@Test
	void bucketsAreListedRenamedExtendedAndDeletedByClient() {
		TestBot bot = fastBot();
		long clientId = clientId(bot);
		List<Long> ids = new ArrayList<>();
		for (String name : new String[] { "first", "second", "third" }) {
			ids.add(post(bot, "/dashboard/bucket", "{\"name\":\"" + name + "\",\"items\":[]}").expect(201)
				.json()
				.get("data")
				.get("id")
				.asLong());
		}
		JsonNode page = get(bot, "/dashboard/bucket/by-client/" + clientId + "?page=1&count=2").expect(200)
			.json()
			.get("data");
		assertThat(page.get("total").asLong()).isEqualTo(3);
		assertThat(page.get("items")).hasSize(2);
		JsonNode patched = this.client
			.patch("/dashboard/bucket/" + ids.get(0),
					"{\"name\":\"renamed\",\"description\":\"VIP\",\"items\":"
							+ "[{\"phone_number\":\"08031234562\",\"param1\":\"Ada\"}]}",
					"Authorization", "Bearer " + bot.key())
			.expect(200)
			.json()
			.get("data");
		assertThat(patched.get("name").asString()).isEqualTo("renamed");
		assertThat(patched.get("description").asString()).isEqualTo("VIP");
		assertThat(patched.get("total").asLong()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select attributes ->> '1' from contact where bucket_id = ?", String.class,
				ids.get(0)))
			.isEqualTo("Ada");
		this.client.delete("/dashboard/bucket/" + ids.get(1), "Authorization", "Bearer " + bot.key()).expect(200);
		assertThat(get(bot, "/dashboard/bucket/by-client/" + clientId).json().get("data").get("total").asLong())
			.isEqualTo(2);
		assertError(this.client.delete("/dashboard/bucket/" + ids.get(1), "Authorization", "Bearer " + bot.key()), 404,
				1425);
		assertError(post(bot, "/dashboard/bucket", "{\"name\":\"bad\",\"items\":[{\"param1\":\"no number\"}]}"), 400,
				1426);
	}

	@Test
	void aClientIdThatIsNotTheCallersAnswersNotFound() {
		TestBot mine = fastBot();
		TestBot other = fastBot();
		long theirs = clientId(other);
		long bucket = post(other, "/dashboard/bucket", "{\"name\":\"theirs\",\"items\":[]}").expect(201)
			.json()
			.get("data")
			.get("id")
			.asLong();
		for (String path : new String[] { "/dashboard/bucket/by-client/" + theirs,
				"/service/message/statistics/by-client/" + theirs,
				"/service/message.summary/hourly-statistics/by-client/" + theirs }) {
			Response response = get(mine, path);
			assertError(response, 404, 1425);
			assertThat(response.body()).doesNotContain("theirs");
		}
		assertError(post(mine, "/dashboard/bucket", "{\"name\":\"x\",\"client_id\":" + theirs + ",\"items\":[]}"), 404,
				1425);
		assertError(this.client.patch("/dashboard/bucket/" + bucket, "{\"name\":\"mine now\"}", "Authorization",
				"Bearer " + mine.key()), 404, 1425);
		assertError(this.client.delete("/dashboard/bucket/" + bucket, "Authorization", "Bearer " + mine.key()), 404,
				1425);
		assertError(get(mine, "/service/message/statistics/by-campaign/999999"), 404, 1425);
	}

	@Test
	void theApiDocsListTheSquadPaths() {
		JsonNode paths = this.client.get("/v3/api-docs").expect(200).json().get("paths");
		assertThat(paths.get("/service/message").has("post")).isTrue();
		assertThat(paths.get("/dashboard/bucket").has("post")).isTrue();
		assertThat(paths.get("/dashboard/bucket/{id}").has("patch")).isTrue();
		assertThat(paths.get("/dashboard/bucket/{id}").has("delete")).isTrue();
		for (String path : new String[] { "/service/message/by-phone/{phone}", "/service/message/by-params",
				"/service/message/campaign/messages/by-campaign/{id}",
				"/service/message.summary/hourly-statistics/by-client/{clientId}",
				"/service/message/statistics/by-client/{clientId}", "/service/message/statistics/by-campaign/{id}",
				"/dashboard/bucket/by-client/{clientId}" }) {
			assertThat(paths.has(path)).as(path).isTrue();
			assertThat(paths.get(path).has("get")).as(path).isTrue();
		}
		assertThat(
				paths.get("/service/message/by-phone/{phone}").get("get").get("parameters").findValuesAsString("name"))
			.contains("count", "page");
	}

	private static List<String> fields(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private long clientId(TestBot bot) {
		return bot.get("/v1/bots/" + bot.id()).expect(200).json().get("clientId").asLong();
	}

	private TestBot fastBot() {
		TestBot bot = this.client.newBot("\"defaultCountryCode\":\"234\"");
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/sms", "{\"provider\":\"simulator\",\"stepDelayMs\":0}",
					"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		return bot;
	}

	private Response post(TestBot bot, String path, String body) {
		return this.client.post(path, body, "Authorization", "Bearer " + bot.key());
	}

	private Response get(TestBot bot, String path) {
		return this.client.get(path, "Authorization", "Bearer " + bot.key());
	}

	/**
	 * The bot's SMS template {@code balance}: "Dear {{1}}, your balance is {{2}}".
	 */
	private long balanceTemplate(TestBot bot) {
		return this.client
			.post("/api/v1/templates",
					"{\"name\":\"balance\",\"channel\":\"sms\",\"body\":\"Dear {{1}}, your balance is {{2}}\"}",
					"Authorization", "Bearer " + bot.key())
			.expect(201)
			.json()
			.get("data")
			.get("id")
			.asLong();
	}

}
