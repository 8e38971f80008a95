package io.tidings.api.jelou;

import java.sql.Timestamp;
import java.time.Duration;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class SessionMessagesIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void userWhoNeverWroteCannotGetASessionMessage() {
		TestBot bot = this.client.newBot(null);
		Response response = send(bot, "{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",\"type\":\"text\","
				+ "\"text\":\"Hello\"}");
		assertError(response, 422, 1418);
	}

	@Test
	void textMessageAfterTheUserWroteIsSentAndTrackedWithJelouCallbacks() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			inbound(bot, "593912345675", "Hi there");
			JsonNode answer = send(bot, "{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",\"type\":\"text\","
					+ "\"text\":\"Hello\"}")
				.expect(200)
				.json();
			assertThat(answer.get("bubble").toString()).isEqualTo("{\"type\":\"text\",\"text\":\"Hello\"}");
			assertThat(answer.get("botId").asString()).isEqualTo(bot.id());
			assertThat(answer.get("userId").asString()).isEqualTo("593912345675");
			assertThat(answer.get("status").asString()).isEqualTo("CREATED");
			assertThat(answer.get("received").asLong()).isPositive();
			String id = answer.get("messageId").asString();
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("READ"));
			assertThat(bot.notification(id).json().get("origin").asString()).isEqualTo("SESSION");
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 4);
			JsonNode read = receiver.accepted()
				.stream()
				.map((r) -> this.client.json(r.body()))
				.filter((b) -> b.get("status").asString().equals("READ"))
				.findFirst()
				.orElseThrow();
			assertThat(read.get("id").asString()).isEqualTo(id);
			assertThat(read.get("destination").asString()).isEqualTo("593912345675");
			assertThat(read.get("isFinalEvent").asBoolean()).isFalse();
			assertThat(read.get("timestamp").asLong()).isPositive();
		}
	}

	@Test
	void windowClosesTwentyFourHoursAfterTheUsersLastMessage() {
		TestBot bot = this.client.newBot(null);
		String body = "{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",\"text\":\"Hello\"}";
		setLastInbound(bot, Duration.ofHours(24).minusMinutes(1));
		send(bot, body).expect(200);
		setLastInbound(bot, Duration.ofHours(24).plusSeconds(1));
		assertError(send(bot, body), 422, 1418);
	}

	@Test
	void imageFileAndLocationBubbles() {
		TestBot bot = this.client.newBot(null);
		inbound(bot, "593912345675", "Hi");
		JsonNode image = send(bot, "{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",\"type\":\"image\","
				+ "\"mediaUrl\":\"https://example.com/a.png\",\"caption\":\"Look\"}")
			.expect(200)
			.json();
		assertThat(image.get("bubble").get("mediaUrl").asString()).isEqualTo("https://example.com/a.png");
		assertThat(image.get("bubble").get("caption").asString()).isEqualTo("Look");
		JsonNode file = send(bot, "{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",\"type\":\"file\","
				+ "\"mediaUrl\":\"https://example.com/a.pdf\",\"filename\":\"a.pdf\"}")
			.expect(200)
			.json();
		assertThat(file.get("bubble").get("type").asString()).isEqualTo("file");
		JsonNode location = send(bot,
				"{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",\"type\":\"location\","
						+ "\"lat\":-0.18,\"lng\":-78.47,\"name\":\"Quito\"}")
			.expect(200)
			.json();
		assertThat(location.get("bubble").get("lat").asDouble()).isEqualTo(-0.18);
	}

	@Test
	void badSessionRequestsAreNamed() {
		TestBot bot = this.client.newBot(null);
		inbound(bot, "593912345675", "Hi");
		String prefix = "{\"botId\":\"" + bot.id() + "\",\"userId\":\"593912345675\",";
		assertMessage(send(bot, prefix + "\"type\":\"sticker\"}"), 400, "type");
		assertMessage(send(bot, prefix + "\"type\":\"image\"}"), 400, "mediaUrl");
		assertMessage(send(bot, prefix + "\"type\":\"location\",\"lat\":91,\"lng\":0}"), 400, "lat");
		assertMessage(send(bot, prefix + "\"type\":\"text\"}"), 400, "text");
		assertMessage(send(bot, "{\"botId\":\"" + bot.id() + "\",\"text\":\"x\"}"), 400, "userId");
		assertError(send(bot, "{\"botId\":\"someone_else\",\"userId\":\"593912345675\",\"text\":\"x\"}"), 404, 1425);
	}

	@Test
	void inboundMessageAnswersTheLatestNotificationWithAReply() {
		TestBot bot = this.client.newBot(null);
		String id = bot.send("whatsapp", "919876543211", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		JsonNode answer = inbound(bot, "919876543211", "Yes please");
		assertThat(answer.get("repliedTo").asString()).isEqualTo(id);
		assertThat(bot.status(id)).isEqualTo("REPLY");
		JsonNode events = bot.get("/v1/bots/" + bot.id() + "/notifications/" + id + "/events").json();
		assertThat(events.get("events").get(2).get("reply").asString()).isEqualTo("Yes please");
		assertThat(inbound(bot, "919876543299", "Who?").get("repliedTo").isNull()).isTrue();
	}

	private JsonNode inbound(TestBot bot, String from, String text) {
		return this.client
			.post("/webhooks/simulator/" + bot.id() + "/inbound",
					"{\"from\":\"" + from + "\",\"text\":\"" + text + "\"}", "x-api-key", bot.key())
			.expect(200)
			.json();
	}

	private Response send(TestBot bot, String body) {
		return this.client.post("/v1/whatsapp/messages", body, "x-api-key", bot.key());
	}

	private void setLastInbound(TestBot bot, Duration ago) {
		this.jdbc.update("""
				insert into conversation (bot_id, user_id, last_inbound_at) values (?, '593912345675', ?)
				on conflict (bot_id, user_id) do update set last_inbound_at = excluded.last_inbound_at""", bot.id(),
				Timestamp.from(this.clock.instant().minus(ago)));
	}

	private static void assertMessage(Response response, int status, String field) {
		response.expect(status);
		assertThat(response.json().get("message").asString()).contains(field);
	}

}
