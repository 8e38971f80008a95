package io.tidings.suppression;

import java.time.Duration;
import java.util.Map;

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
 * Opt-out end to end (API.md §14): the suppression list API, stop words from the
 * simulator's inbound endpoint, and how sends to a suppressed recipient are refused or
 * failed.
 */
@IntegrationTest
class OptOutIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void suppressionListCanBeAddedToSearchedAndRemovedFrom() {
		TestBot bot = this.client.newBot(null);
		assertThat(add(bot, "whatsapp", "+91 98765 43215").status()).isEqualTo(201);
		assertThat(add(bot, "whatsapp", "919876543215").status()).isEqualTo(200);
		add(bot, "sms", "919876543299").expect(201);
		add(bot, "email", "Asha@Example.com").expect(201);
		JsonNode whatsapp = list(bot, "?channel=whatsapp");
		assertThat(whatsapp.get("total").asLong()).isEqualTo(1);
		assertThat(whatsapp.get("items").get(0).get("recipient").asString()).isEqualTo("919876543215");
		assertThat(list(bot, "").get("total").asLong()).isEqualTo(3);
		assertThat(list(bot, "?search=4329").get("items").get(0).get("channel").asString()).isEqualTo("sms");
		assertThat(list(bot, "?channel=email").get("items").get(0).get("recipient").asString())
			.isEqualTo("asha@example.com");
		this.client.delete("/v1/bots/" + bot.id() + "/suppressions/whatsapp/919876543215", "x-api-key", bot.key())
			.expect(204);
		assertError(this.client.delete("/v1/bots/" + bot.id() + "/suppressions/whatsapp/919876543215", "x-api-key",
				bot.key()), 404, 1425);
		assertThat(list(bot, "?channel=whatsapp").get("total").asLong()).isZero();
		Response badChannel = add(bot, "fax", "919876543215");
		assertError(badChannel, 400, 100);
		assertThat(badChannel.json().get("message").asString()).contains("channel");
		Response badNumber = add(bot, "sms", "not a number");
		assertError(badNumber, 400, 100);
		assertThat(badNumber.json().get("message").asString()).contains("recipient");
	}

	@Test
	void anotherBotsKeyCannotSeeTheList() {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		add(bot, "sms", "919876543215").expect(201);
		this.client.get("/v1/bots/" + bot.id() + "/suppressions", "x-api-key", other.key()).expect(404);
	}

	@Test
	void singleSendToASuppressedRecipientIsRefusedNamingTheField() {
		TestBot bot = this.client.newBot(null);
		add(bot, "whatsapp", "919876543215").expect(201);
		add(bot, "email", "asha@example.com").expect(201);
		Response refused = bot
			.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\","
					+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}");
		assertError(refused, 422, 14272);
		assertThat(refused.json().get("message").asString()).isEqualTo("userDetails.number has opted out");
		Response email = bot
			.push("{\"userDetails\":{\"email\":\"ASHA@example.com\"},\"notification\":{\"type\":\"email\","
					+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}");
		assertError(email, 422, 14272);
		assertThat(email.json().get("message").asString()).isEqualTo("userDetails.email has opted out");
		// the list is per channel: the same number still gets SMS
		bot.send("sms", "919876543215", null);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isEqualTo(1);
	}

	@Test
	void inboundStopWordSuppressesAndStartRemoves() {
		TestBot bot = this.client.newBot(null);
		inbound(bot, "919876543215", "  stop ", null);
		assertThat(list(bot, "?channel=whatsapp").get("items").get(0).get("reason").asString()).isEqualTo("stop-word");
		assertError(bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\","
				+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}"), 422, 14272);
		inbound(bot, "919876543215", "please stop", null);
		inbound(bot, "919876543215", "START", null);
		assertThat(list(bot, "?channel=whatsapp").get("total").asLong()).isZero();
		inbound(bot, "919876543216", "Baja", "sms");
		assertThat(list(bot, "?channel=sms").get("items").get(0).get("recipient").asString()).isEqualTo("919876543216");
		assertThat(list(bot, "?channel=whatsapp").get("total").asLong()).isZero();
	}

	@Test
	void botsStopWordsReplaceTheDefaults() {
		TestBot bot = this.client.newBot("\"stopWords\":[\"PARAR\"]");
		assertThat(bot.get("/v1/bots/" + bot.id()).expect(200).json().get("stopWords").toString())
			.isEqualTo("[\"PARAR\"]");
		inbound(bot, "919876543215", "STOP", null);
		assertThat(list(bot, "").get("total").asLong()).isZero();
		inbound(bot, "919876543215", "parar", null);
		assertThat(list(bot, "").get("total").asLong()).isEqualTo(1);
		assertError(this.client.patch("/v1/bots/" + bot.id(), "{\"stopWords\":\"STOP\"}", "x-api-key",
				TidingsClient.ADMIN_KEY), 400, 100);
	}

	@Test
	void bulkSendToASuppressedRecipientFailsAtOnceAsInvalid() {
		TestBot bot = this.client.newBot(null);
		add(bot, "sms", "919876543215").expect(201);
		this.client.post("/api/v1/messages", "{\"is_campaign\":false,\"use_bucket\":false,"
				+ "\"recipients\":\"919876543215, 919876543212\",\"use_template\":false,\"body\":\"Your code is 1234\"}",
				"x-api-key", bot.key())
			.expect(202);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and status = 'DELIVERED_USER'", Long.class,
					bot.id()) == 1);
		Map<String, Object> failed = this.jdbc.queryForMap(
				"select status, failure_kind, error_message, sent_at from notification where bot_id = ? and destination = '919876543215'",
				bot.id());
		assertThat(failed).containsEntry("status", "FAILED")
			.containsEntry("failure_kind", "INVALID")
			.containsEntry("error_message", "recipient opted out");
		assertThat(failed.get("sent_at")).isNull();
	}

	@Test
	void campaignToASuppressedRecipientFailsAtOnceAsInvalid() {
		TestBot bot = this.client.newBot(null);
		add(bot, "whatsapp", "919876543215").expect(201);
		long template = this.jdbc.queryForObject(
				"select id from template where bot_id = ? and channel = 'whatsapp' and name = 'welcome'", Long.class,
				bot.id());
		long bucket = this.client
			.post("/v1/bots/" + bot.id() + "/buckets",
					"{\"name\":\"b\",\"contacts\":[{\"number\":\"919876543215\",\"1\":\"Asha\",\"2\":\"A-1\"},"
							+ "{\"number\":\"919876543212\",\"1\":\"Ravi\",\"2\":\"A-2\"}]}",
					"x-api-key", bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		long campaign = this.client.post("/v1/bots/" + bot.id() + "/campaigns",
				"{\"name\":\"c\",\"templateId\":" + template + ",\"bucketId\":" + bucket + "}", "x-api-key", bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and status in ('FAILED', 'DELIVERED_USER', 'READ')",
					Long.class, bot.id()) == 2);
		Map<String, Object> failed = this.jdbc.queryForMap(
				"select status, failure_kind, error_message, sent_at from notification where bot_id = ? and destination = '919876543215'",
				bot.id());
		assertThat(failed).containsEntry("status", "FAILED")
			.containsEntry("failure_kind", "INVALID")
			.containsEntry("error_message", "recipient opted out");
		assertThat(failed.get("sent_at")).isNull();
		JsonNode stats = bot.get("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/stats").expect(200).json();
		assertThat(stats.get("invalid_count").asLong()).isEqualTo(1);
	}

	private Response add(TestBot bot, String channel, String recipient) {
		return this.client.post("/v1/bots/" + bot.id() + "/suppressions",
				"{\"channel\":\"" + channel + "\",\"recipient\":\"" + recipient + "\"}", "x-api-key", bot.key());
	}

	private JsonNode list(TestBot bot, String query) {
		return bot.get("/v1/bots/" + bot.id() + "/suppressions" + query).expect(200).json();
	}

	private void inbound(TestBot bot, String from, String text, String channel) {
		this.client
			.post("/webhooks/simulator/" + bot.id() + "/inbound",
					"{\"from\":\"" + from + "\",\"text\":\"" + text + "\""
							+ ((channel != null) ? ",\"channel\":\"" + channel + "\"" : "") + "}",
					"x-api-key", bot.key())
			.expect(200);
	}

}
