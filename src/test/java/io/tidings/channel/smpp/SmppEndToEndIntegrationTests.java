package io.tidings.channel.smpp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class SmppEndToEndIntegrationTests {

	private static TestSmsc smsc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TidingsClient client;

	@BeforeAll
	static void startSmsc() throws Exception {
		smsc = TestSmsc.start();
	}

	@AfterAll
	static void stopSmsc() throws Exception {
		smsc.close();
	}

	@Test
	void deliveredReceiptTakesTheSmsToTheUserAndCallsBack() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = smppBot(receiver);
			String msgId = bot.send("sms", "919876543215", null);
			String providerId = acceptedBySmsc(bot, msgId);
			assertThat(submitted(providerId).destination()).isEqualTo("919876543215");
			assertThat(new String(submitted(providerId).shortMessage(), StandardCharsets.US_ASCII))
				.isEqualTo("Hello Asha, order A-1 is on its way");
			smsc.sendReceipt(providerId, "DELIVRD");
			await().atMost(Duration.ofSeconds(30)).until(() -> bot.status(msgId).equals("DELIVERED_USER"));
			JsonNode events = events(bot, msgId);
			assertThat(events.get("events").findValuesAsString("status")).containsExactly("CREATED",
					"DELIVERED_CHANNEL", "DELIVERED_USER");
			assertThat(events.get("segments").asInt()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(10)).until(() -> callbackStatuses(receiver).contains("delivered"));
			assertThat(callbackStatuses(receiver)).containsSubsequence("sent", "delivered");
		}
	}

	@Test
	void userReplyOverSmppMovesTheLatestSmsToReplyAndCallsBack() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = smppBot(receiver);
			String older = bot.send("sms", "919876543215", null);
			acceptedBySmsc(bot, older);
			String latest = bot.send("sms", "919876543215", null);
			String providerId = acceptedBySmsc(bot, latest);
			smsc.sendUserMessage(providerId, "919876543215", "¡Sí, gracias!", true);
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(latest).equals("REPLY"));
			JsonNode events = events(bot, latest);
			assertThat(events.get("events").findValuesAsString("status")).containsExactly("CREATED",
					"DELIVERED_CHANNEL", "REPLY");
			assertThat(events.get("events").get(2).get("reply").asString()).isEqualTo("¡Sí, gracias!");
			assertThat(bot.status(older)).isEqualTo("DELIVERED_CHANNEL");
			await().atMost(Duration.ofSeconds(10)).until(() -> callbackStatuses(receiver).contains("replied"));
		}
	}

	@Test
	void aConcatenatedReplyArrivingOutOfOrderAndTwiceIsOneReplyText() throws Exception {
		List<String> parts = List.of("Yes please deliver it ", "to the back door after six ", "in the evening.");
		String whole = String.join("", parts);
		for (boolean sar : List.of(false, true)) {
			TestBot bot;
			try (WebhookReceiver receiver = new WebhookReceiver()) {
				bot = smppBot(receiver);
			}
			String number = sar ? "919876543217" : "919876543218";
			String id = bot.send("sms", number, null);
			String providerId = acceptedBySmsc(bot, id);
			// the last part first, the first one twice (a redelivered deliver_sm)
			smsc.sendUserMessageParts(providerId, number, parts, List.of(3, 1, 1, 2), sar ? 40_001 : 201, sar);
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("REPLY"));
			JsonNode events = events(bot, id);
			assertThat(events.get("events").findValuesAsString("reply").stream().filter((r) -> !r.isEmpty()))
				.as(sar ? "SAR" : "UDH")
				.containsExactly(whole);
			assertThat(
					this.jdbc.queryForList("select text from inbound_message where bot_id = ?", String.class, bot.id()))
				.containsExactly(whole);
		}
	}

	@Test
	void stopWordOverSmppOptsTheSenderOutOfSms() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = smppBot(receiver);
			String msgId = bot.send("sms", "919876543215", null);
			smsc.sendUserMessage(acceptedBySmsc(bot, msgId), "919876543215", "Stop", false);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> bot.get("/v1/bots/" + bot.id() + "/suppressions?channel=sms")
					.expect(200)
					.json()
					.get("total")
					.asLong() == 1);
			Response refused = bot
				.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"sms\","
						+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}");
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.json().get("message").asString()).isEqualTo("userDetails.number has opted out");
		}
	}

	@Test
	void undeliveredReceiptFailsTheSmsAsAbsent() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = smppBot(receiver);
			String msgId = bot.send("sms", "919876543215", null);
			smsc.sendReceipt(acceptedBySmsc(bot, msgId), "UNDELIV");
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("FAILED"));
			JsonNode events = events(bot, msgId);
			assertThat(events.get("failureKind").asString()).isEqualTo("ABSENT");
			assertThat(events.get("errorCode").asInt()).isEqualTo(14272);
			assertThat(events.get("events").findValuesAsString("status")).containsExactly("CREATED",
					"DELIVERED_CHANNEL", "FAILED");
		}
	}

	@Test
	void thePasswordIsNeverShown() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = smppBot(receiver);
			Response channel = this.client
				.get("/v1/bots/" + bot.id() + "/channels/sms", "x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200);
			assertThat(channel.json().get("provider").asString()).isEqualTo("smpp");
			assertThat(channel.json().get("systemId").asString()).isEqualTo("tidings");
			assertThat(channel.json().has("password")).isFalse();
			assertThat(channel.body()).doesNotContain("\"secret\"");
		}
	}

	@Test
	void unusableSettingsAreRefusedNamingTheField() {
		TestBot bot = this.client.newBot(null);
		Response response = this.client.put("/v1/bots/" + bot.id() + "/channels/sms",
				"{\"provider\":\"smpp\",\"host\":\"127.0.0.1\",\"port\":70000,\"systemId\":\"tidings\"}", "x-api-key",
				TidingsClient.ADMIN_KEY);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).contains("port");
	}

	private TestBot smppBot(WebhookReceiver receiver) {
		TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/sms",
					"{\"provider\":\"smpp\",\"host\":\"127.0.0.1\",\"port\":" + smsc.port()
							+ ",\"systemId\":\"tidings\",\"password\":\"secret\"}",
					"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		return bot;
	}

	private static String acceptedBySmsc(TestBot bot, String msgId) {
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("DELIVERED_CHANNEL"));
		return bot.notification(msgId).json().get("internalId").asString();
	}

	private static TestSmsc.Submitted submitted(String providerId) {
		return smsc.submitted().stream().filter((s) -> s.messageId().equals(providerId)).findFirst().orElseThrow();
	}

	private static JsonNode events(TestBot bot, String msgId) {
		return bot.get("/v1/bots/" + bot.id() + "/notifications/" + msgId + "/events").expect(200).json();
	}

	private List<String> callbackStatuses(WebhookReceiver receiver) {
		return receiver.accepted()
			.stream()
			.map((r) -> this.client.json(r.body()).get("event").get("status").asString())
			.toList();
	}

}
