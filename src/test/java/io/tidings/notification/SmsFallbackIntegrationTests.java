package io.tidings.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WhatsApp to SMS fallback (API.md §14) end to end with the simulator: a number ending in
 * {@code 00} is not on WhatsApp and takes SMS (§11).
 */
@IntegrationTest
class SmsFallbackIntegrationTests {

	private static final String NOT_ON_WHATSAPP = "919876543200";

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	private WebhookReceiver receiver;

	@BeforeEach
	void setUp() throws Exception {
		this.receiver = new WebhookReceiver();
	}

	@AfterEach
	void tearDown() {
		this.receiver.close();
	}

	@Test
	void numberNotOnWhatsAppIsReachedBySmsAndBothNotificationsShowTheLink() {
		TestBot bot = botWithFallback(true, "\"postbackUrl\":\"" + this.receiver.url() + "\"");
		String original = bot.send("whatsapp", NOT_ON_WHATSAPP, null);
		String fallback = awaitFallbackOf(bot, original);

		JsonNode failed = bot.notification(original).expect(200).json();
		assertThat(failed.get("sentStatus").asString()).isEqualTo("FAILED");
		assertThat(failed.get("fallbackId").asString()).isEqualTo(fallback);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(fallback).equals("DELIVERED_USER"));
		JsonNode sms = bot.notification(fallback).expect(200).json();
		assertThat(sms.get("fallbackOf").asString()).isEqualTo(original);
		assertThat(sms.get("origin").asString()).isEqualTo("API");
		assertThat(sms.get("destination").asString()).isEqualTo(NOT_ON_WHATSAPP);
		assertThat(sms.get("elementName").asString()).isEqualTo("welcome");
		assertThat(
				this.jdbc.queryForObject("select channel from notification where id = ?::uuid", String.class, fallback))
			.isEqualTo("sms");
		assertThat(this.jdbc.queryForObject("select content->>'text' from notification where id = ?::uuid",
				String.class, fallback))
			.isEqualTo("Hello Asha, order A-1 is on its way");

		JsonNode smsEvents = bot.get("/v1/bots/" + bot.id() + "/notifications/" + fallback + "/events")
			.expect(200)
			.json();
		assertThat(smsEvents.get("fallbackOf").asString()).isEqualTo(original);
		assertThat(statuses(smsEvents)).containsExactly("CREATED", "DELIVERED_CHANNEL", "DELIVERED_USER");
		JsonNode waEvents = bot.get("/v1/bots/" + bot.id() + "/notifications/" + original + "/events")
			.expect(200)
			.json();
		assertThat(statuses(waEvents)).containsExactly("CREATED", "FAILED");
		assertThat(waEvents.get("fallbackId").asString()).isEqualTo(fallback);

		JsonNode list = bot.get("/v1/bots/" + bot.id() + "/notifications").expect(200).json().get("results");
		assertThat(list).hasSize(2);
		assertThat(list.get(0).get("_id").asString()).isEqualTo(fallback);
		assertThat(list.get(0).get("fallbackOf").asString()).isEqualTo(original);
		assertThat(list.get(1).get("fallbackId").asString()).isEqualTo(fallback);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> callbacks(original).contains("failed") && callbacks(fallback).contains("delivered"));
		assertThat(callbacks(original)).containsExactlyInAnyOrder("queued", "failed");
		assertThat(callbacks(fallback)).containsExactlyInAnyOrder("queued", "sent", "delivered");
	}

	@Test
	void withoutAnSmsTemplateOfThatNameNothingElseHappens() {
		TestBot bot = botWithFallback(true, null);
		long smsTemplate = this.jdbc.queryForObject(
				"select id from template where bot_id = ? and channel = 'sms' and name = 'welcome'", Long.class,
				bot.id());
		this.client.delete("/v1/bots/" + bot.id() + "/templates/" + smsTemplate, "x-api-key", bot.key()).expect(204);
		String original = bot.send("whatsapp", NOT_ON_WHATSAPP, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(original).equals("FAILED"));
		JsonNode failed = bot.notification(original).expect(200).json();
		assertThat(failed.has("fallbackId")).isFalse();
		assertThat(count(bot)).isEqualTo(1);
	}

	@Test
	void fallbackIsOffUnlessTheBotTurnsItOn() {
		TestBot bot = botWithFallback(false, null);
		String original = bot.send("whatsapp", NOT_ON_WHATSAPP, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(original).equals("FAILED"));
		assertThat(count(bot)).isEqualTo(1);
		assertThat(bot.get("/v1/bots/" + bot.id()).expect(200).json().get("fallback").get("whatsappToSms").asBoolean())
			.isFalse();
	}

	@Test
	void fallbackToANumberOptedOutOfSmsFailsAtOnceAsInvalid() {
		TestBot bot = botWithFallback(true, null);
		this.client
			.post("/v1/bots/" + bot.id() + "/suppressions",
					"{\"channel\":\"sms\",\"recipient\":\"" + NOT_ON_WHATSAPP + "\"}", "x-api-key", bot.key())
			.expect(201);
		String original = bot.send("whatsapp", NOT_ON_WHATSAPP, null);
		String fallback = awaitFallbackOf(bot, original);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(fallback).equals("FAILED"));
		JsonNode events = bot.get("/v1/bots/" + bot.id() + "/notifications/" + fallback + "/events").expect(200).json();
		assertThat(events.get("failureKind").asString()).isEqualTo("INVALID");
		assertThat(bot.notification(fallback).json().get("error").asString()).isEqualTo("recipient opted out");
		assertThat(statuses(events)).containsExactly("CREATED", "FAILED");
		assertThat(events.get("sentDate").isNull()).isTrue();
	}

	@Test
	void onlyAbsentFailuresFallBack() {
		TestBot bot = botWithFallback(true, null);
		String delivered = bot.send("whatsapp", "919876543212", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(delivered).equals("DELIVERED_USER"));
		assertThat(count(bot)).isEqualTo(1);
	}

	@Test
	void campaignCountsTheRecipientOnceReachedBySms() {
		TestBot bot = botWithFallback(true, null);
		for (String channel : new String[] { "whatsapp", "sms" }) {
			this.client
				.post("/v1/bots/" + bot.id() + "/templates",
						"{\"name\":\"promo\",\"channel\":\"" + channel + "\",\"body\":\"Hi {{name}}\"}", "x-api-key",
						bot.key())
				.expect(201);
		}
		long template = this.jdbc.queryForObject(
				"select id from template where bot_id = ? and channel = 'whatsapp' and name = 'promo'", Long.class,
				bot.id());
		long bucket = this.client
			.post("/v1/bots/" + bot.id() + "/buckets",
					"{\"name\":\"b\",\"contacts\":[{\"number\":\"" + NOT_ON_WHATSAPP
							+ "\",\"name\":\"Asha\"},{\"number\":\"919876543212\",\"name\":\"Ravi\"}]}",
					"x-api-key", bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		long campaign = this.client
			.post("/v1/bots/" + bot.id() + "/campaigns",
					"{\"name\":\"fallback\",\"templateId\":" + template + ",\"bucketId\":" + bucket + "}", "x-api-key",
					bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and status = 'DELIVERED_USER'", Long.class,
					bot.id()) == 2);
		String sms = this.jdbc.queryForObject(
				"select id::text from notification where bot_id = ? and channel = 'sms' and fallback_of is not null",
				String.class, bot.id());
		assertThat(bot.notification(sms).expect(200).json().get("origin").asString()).isEqualTo("CAMPAIGN");
		assertThat(bot.notification(sms).expect(200).json().get("campaignId").asString())
			.isEqualTo(Long.toString(campaign));
		assertThat(this.jdbc.queryForObject("select content->>'text' from notification where id = ?::uuid",
				String.class, sms))
			.isEqualTo("Hi Asha");
		JsonNode stats = bot.get("/v1/bots/" + bot.id() + "/campaigns/" + campaign + "/stats").expect(200).json();
		assertThat(stats.get("submitted_count").asLong()).isEqualTo(2);
		assertThat(stats.get("successful_count").asLong()).isEqualTo(2);
		assertThat(stats.get("absent_count").asLong()).isZero();
		assertThat(stats.get("stats").get("TOTAL_HSM").asLong()).isEqualTo(2);
		assertThat(stats.get("stats").get("FAILED").asLong()).isZero();
		assertThat(count(bot)).isEqualTo(3);
	}

	private TestBot botWithFallback(boolean on, String extra) {
		TestBot bot = this.client
			.newBot("\"fallback\":{\"whatsappToSms\":" + on + "}" + ((extra != null) ? "," + extra : ""));
		for (String channel : new String[] { "whatsapp", "sms" }) {
			this.client
				.put("/v1/bots/" + bot.id() + "/channels/" + channel, "{\"provider\":\"simulator\",\"stepDelayMs\":0}",
						"x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200);
		}
		return bot;
	}

	private String awaitFallbackOf(TestBot bot, String original) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> bot.notification(original).expect(200).json().has("fallbackId"));
		return bot.notification(original).json().get("fallbackId").asString();
	}

	private long count(TestBot bot) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id());
	}

	private List<String> callbacks(String msgId) {
		List<String> statuses = new ArrayList<>();
		for (WebhookReceiver.Received r : this.receiver.accepted()) {
			JsonNode body = this.client.json(r.body());
			if (msgId.equals(body.path("msgId").asString(null))) {
				statuses.add(body.get("event").get("status").asString());
			}
		}
		return statuses;
	}

	private static List<String> statuses(JsonNode events) {
		List<String> statuses = new ArrayList<>();
		events.get("events").forEach((e) -> statuses.add(e.get("status").asString()));
		return statuses;
	}

}
