package io.tidings.channel.smpp;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
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

	@Autowired
	MutableClock clock;

	@BeforeAll
	static void startSmsc() throws Exception {
		smsc = TestSmsc.start();
	}

	@AfterAll
	static void stopSmsc() throws Exception {
		smsc.close();
	}

	private final List<TestBot> smppBots = new ArrayList<>();

	/**
	 * The test's channels go back to the simulator, which closes their SMPP accounts: no
	 * bind is left trying to reach the SMSC once it is gone, for the rest of the suite.
	 */
	@AfterEach
	void closeAccounts() {
		for (TestBot bot : this.smppBots) {
			this.client
				.put("/v1/bots/" + bot.id() + "/channels/sms", "{\"provider\":\"simulator\"}", "x-api-key",
						TidingsClient.ADMIN_KEY)
				.expect(200);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> smsc.sessionsBound() == 0);
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
	void aSurrogatePairSplitBetweenTwoPartsOfAUcs2ReplyComesOutWhole() throws Exception {
		String whole = "Thanks \uD83D\uDC4D see you at six \uD83D\uDE42";
		byte[] bytes = whole.getBytes(StandardCharsets.UTF_16BE);
		// the first part ends between the two halves of the thumbs-up (as a phone may
		// cut a UCS-2 message at a fixed byte count)
		int split = (whole.indexOf("\uD83D\uDC4D") + 1) * 2;
		List<byte[]> bodies = List.of(Arrays.copyOfRange(bytes, 0, split),
				Arrays.copyOfRange(bytes, split, bytes.length));
		assertThat(new String(bodies.get(0), StandardCharsets.UTF_16BE)
				+ new String(bodies.get(1), StandardCharsets.UTF_16BE))
			.as("decoded part by part, the pair is garbled")
			.isNotEqualTo(whole);
		assertThat(concatenatedReply(bodies, (byte) 0x08, 202)).isEqualTo(whole);
	}

	@Test
	void aGsmEscapeSplitBetweenTwoPartsOfAReplyComesOutWhole() throws Exception {
		// GSM 03.38 septets one per byte: the euro sign is ESC (0x1B) then 0x65
		byte[] first = "Price 5".getBytes(StandardCharsets.US_ASCII);
		byte[] second = " today".getBytes(StandardCharsets.US_ASCII);
		byte[] part1 = Arrays.copyOf(first, first.length + 1);
		part1[first.length] = 0x1B;
		byte[] part2 = new byte[second.length + 1];
		part2[0] = 0x65;
		System.arraycopy(second, 0, part2, 1, second.length);
		assertThat(concatenatedReply(List.of(part1, part2), (byte) 0x00, 203)).isEqualTo("Price 5\u20AC today");
	}

	@Test
	void partsOfAReplyThatNeverCompletesArePurgedOnAScheduleInBoundedBatches() throws Exception {
		TestBot bot;
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			bot = smppBot(receiver);
		}
		String id = bot.send("sms", "919876543216", null);
		String providerId = acceptedBySmsc(bot, id);
		byte[] text = "half of a message".getBytes(StandardCharsets.US_ASCII);
		// part 1 of 2 of two messages; the second part of neither ever comes
		smsc.sendUserMessageBytes(providerId, "919876543216", List.of(text, text), List.of(1), 204, (byte) 0);
		smsc.sendUserMessageBytes(providerId, "919876543216", List.of(text, text), List.of(1), 205, (byte) 0);
		await().atMost(Duration.ofSeconds(10)).until(() -> parts(bot.id(), "%/udh8:20_") == 2);
		// the first one has waited longer than tidings.inbound-parts.keep-incomplete (a
		// day), and so have five parts of another bot (more than one purge batch: 2 in
		// the test profile); no other part of either bot arrives
		Timestamp old = Timestamp.from(this.clock.instant().minus(Duration.ofDays(2)));
		this.jdbc.update("update inbound_part set received_at = ? where bot_id = ? and reference like '%/udh8:204'",
				old, bot.id());
		String other = "purge-" + java.util.UUID.randomUUID();
		this.jdbc.update("""
				insert into inbound_part (bot_id, user_id, channel, reference, total, seq, body, coding, received_at)
				select ?, '919876543216', 'sms', 'r' || g, 2, 1, '\\x41'::bytea, 0, ? from generate_series(1, 5) g""",
				other, old);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> parts(other, "%") == 0 && parts(bot.id(), "%/udh8:204") == 0);
		assertThat(parts(bot.id(), "%/udh8:205")).as("a part within its day stays").isEqualTo(1);
	}

	private long parts(String botId, String referenceLike) {
		Long count = this.jdbc.queryForObject("select count(*) from inbound_part where bot_id = ? and reference like ?",
				Long.class, botId, referenceLike);
		return (count != null) ? count : 0;
	}

	/**
	 * Sends a two-part reply's bodies, the second one first, and answers the reply text
	 * the notification and the inbound message log got.
	 */
	private String concatenatedReply(List<byte[]> bodies, byte dataCoding, int reference) throws Exception {
		TestBot bot;
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			bot = smppBot(receiver);
		}
		String id = bot.send("sms", "919876543219", null);
		String providerId = acceptedBySmsc(bot, id);
		smsc.sendUserMessageBytes(providerId, "919876543219", bodies, List.of(2, 1), reference, dataCoding);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("REPLY"));
		List<String> replies = events(bot, id).get("events")
			.findValuesAsString("reply")
			.stream()
			.filter((r) -> !r.isEmpty())
			.toList();
		assertThat(replies).hasSize(1);
		assertThat(this.jdbc.queryForList("select text from inbound_message where bot_id = ?", String.class, bot.id()))
			.containsExactly(replies.get(0));
		return replies.get(0);
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
		this.smppBots.add(bot);
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
