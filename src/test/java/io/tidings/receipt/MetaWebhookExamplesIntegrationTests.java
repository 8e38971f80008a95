package io.tidings.receipt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays Meta's published WhatsApp Cloud API webhook examples
 * ({@code src/test/resources/meta/whatsapp}), signed with the app secret as Meta signs
 * them, out of order and duplicated as Meta delivers them.
 */
@IntegrationTest
class MetaWebhookExamplesIntegrationTests {

	private static final String APP_SECRET = "0f5a1d7c9e3b48a2b6c1d0e9f8a7b6c5";

	private static final String EXAMPLE_WAMID = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

	private static final String USER = "16505551234";

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	private final WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private TestBot bot;

	private long base;

	@BeforeEach
	void setUp() {
		this.graph.start();
		this.bot = this.client.newBot(null);
		this.client.put("/v1/bots/" + this.bot.id() + "/channels/whatsapp",
				"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"EAAG-token\","
						+ "\"appSecret\":\"" + APP_SECRET + "\",\"verifyToken\":\"v\",\"baseUrl\":\""
						+ this.graph.baseUrl() + "\"}",
				"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		this.base = Instant.now().getEpochSecond();
	}

	@AfterEach
	void tearDown() {
		this.graph.stop();
	}

	@Test
	void statusesOutOfOrderAndDuplicatedEndAtReadWithMetasTimestamps() {
		String wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI3QkE5RTRDMjg1RDc1MkQ0OUMA";
		String id = sendAnswering(wamid);
		// read overtakes delivered; sent comes last; read and delivered come twice
		for (String example : List.of("status-read", "status-delivered", "status-read", "status-sent",
				"status-delivered")) {
			webhook(example, wamid, null);
		}
		JsonNode events = events(id);
		assertThat(events.get("sentStatus").asString()).isEqualTo("READ");
		assertThat(events.get("deliveryUserAt").asString()).isEqualTo(iso(3));
		assertThat(events.get("readAt").asString()).isEqualTo(iso(7));
		// the stages in the funnel's order, each once, whatever order they arrived in
		assertThat(events.get("events").findValuesAsString("status")).containsExactly("CREATED", "DELIVERED_CHANNEL",
				"DELIVERED_USER", "READ");
		assertThat(this.bot.notification(id).json().get("wasRead").asBoolean()).isTrue();
	}

	@Test
	void failedStatusKeepsMetasCodeAsOurFailureAndALateDeliveredDoesNotUndoIt() {
		String wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBIxRjBBQzk0QUQ2NkJFRTQ4RDgA";
		String id = sendAnswering(wamid);
		webhook("status-failed", wamid, null);
		webhook("status-failed", wamid, null);
		webhook("status-delivered", wamid, null);
		JsonNode events = events(id);
		assertThat(events.get("sentStatus").asString()).isEqualTo("FAILED");
		assertThat(events.get("failureKind").asString()).isEqualTo("ABSENT");
		assertThat(events.get("errorCode").asInt()).isEqualTo(14272);
		assertThat(events.get("failedAt").asString()).isEqualTo(iso(9));
		assertThat(events.get("events").findValuesAsString("status")).containsExactly("CREATED", "DELIVERED_CHANNEL",
				"FAILED", "DELIVERED_USER");
		assertThat(this.bot.notification(id).json().get("error").asString()).contains("undeliverable");
	}

	@Test
	void aBotThatHasNoStatusCalledBackGetsTheWholeTimelineWithoutAnEventRowPerStatus() {
		this.client.patch("/v1/bots/" + this.bot.id(), "{\"callbackEvents\":[]}", "x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		String wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJOT0NBTExCQUNLU1RJTUVMSU5FAA";
		String id = sendAnswering(wamid);
		// read overtakes delivered, and a failure comes after the user has read it
		for (String example : List.of("status-read", "status-delivered", "status-failed")) {
			webhook(example, wamid, null);
		}
		JsonNode events = events(id);
		assertThat(events.get("sentStatus").asString()).isEqualTo("READ");
		Map<String, JsonNode> byStatus = new HashMap<>();
		events.get("events").valueStream().forEach((e) -> byStatus.put(e.get("status").asString(), e));
		assertThat(events.get("events")).hasSize(5);
		assertThat(byStatus).containsOnlyKeys("CREATED", "DELIVERED_CHANNEL", "READ", "DELIVERED_USER", "FAILED");
		assertThat(byStatus.get("DELIVERED_USER").get("timestamp").asLong()).isEqualTo((this.base + 3) * 1000);
		assertThat(byStatus.get("READ").get("timestamp").asLong()).isEqualTo((this.base + 7) * 1000);
		assertThat(byStatus.get("FAILED").get("timestamp").asLong()).isEqualTo((this.base + 9) * 1000);
		assertThat(byStatus.get("FAILED").get("error").isNull()).isFalse();
		// the row keeps every stage it reached; only the failure that changed nothing
		// needs an event row of its own
		assertThat(this.jdbc.queryForList("select status from status_event where notification_id = ?::uuid",
				String.class, id))
			.containsExactly("FAILED");
	}

	@Test
	void inboundTextAndButtonRepliesAnswerTheMessageNamedByContext() {
		String asked = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJBQkNERUYwMTIzNDU2Nzg5QUIA";
		String booking = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJGRURDQkEwOTg3NjU0MzIxRkUA";
		String askedId = sendAnswering(asked);
		String bookingId = sendAnswering(booking);
		webhook("status-read", asked, null);
		// the text answers the older message (context.id), not the latest one to that
		// user
		webhook("message-text", null, asked);
		webhook("message-text", null, asked);
		webhook("message-button", null, booking);
		JsonNode text = events(askedId);
		assertThat(text.get("sentStatus").asString()).isEqualTo("REPLY");
		assertThat(text.get("repliedAt").asString()).isEqualTo(iso(20));
		assertThat(replies(text)).containsExactly("Does it come in another color?");
		assertThat(text.get("events").findValuesAsString("status")).containsOnlyOnce("REPLY");
		JsonNode button = events(bookingId);
		assertThat(button.get("sentStatus").asString()).isEqualTo("REPLY");
		assertThat(replies(button)).containsExactly("Yes, confirm my booking");
		// the inbound message opened the 24-hour window: a free-form answer is allowed
		this.client
			.post("/v1/whatsapp/messages",
					"{\"botId\":\"" + this.bot.id() + "\",\"userId\":\"" + USER
							+ "\",\"type\":\"text\",\"text\":\"Yes: blue and green\"}",
					"x-api-key", this.bot.key())
			.expect(200);
	}

	@Test
	void aRedeliveredInboundMessageIsStoredAndCalledBackOnce() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			this.client
				.patch("/v1/bots/" + this.bot.id(), "{\"postbackUrl\":\"" + receiver.url() + "\"}", "x-api-key",
						TidingsClient.ADMIN_KEY)
				.expect(200);
			String asked = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJSRURFTElWRVJFRDAwMDEA";
			String id = sendAnswering(asked);
			String body = example("message-text", null, asked);
			String messageId = this.client.json(body).at("/entry/0/changes/0/value/messages/0/id").asString();
			// Meta redelivers a webhook it did not see answered in time: once after the
			// first was answered, then twice at the same moment
			webhook("message-text", null, asked);
			webhook("message-text", null, asked);
			List<CompletableFuture<Void>> together = List.of(
					CompletableFuture.runAsync(() -> webhook("message-text", null, asked)),
					CompletableFuture.runAsync(() -> webhook("message-text", null, asked)));
			CompletableFuture.allOf(together.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			assertThat(this.jdbc.queryForObject(
					"select count(*) from inbound_message where bot_id = ? and provider_message_id = ?", Long.class,
					this.bot.id(), messageId))
				.isOne();
			JsonNode events = events(id);
			assertThat(events.get("sentStatus").asString()).isEqualTo("REPLY");
			assertThat(events.get("events").findValuesAsString("status")).containsOnlyOnce("REPLY");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> receiver.accepted().stream().anyMatch((r) -> r.body().contains("\"replied\"")));
			assertThat(receiver.accepted().stream().filter((r) -> r.body().contains("\"replied\""))).hasSize(1);
		}
	}

	@Test
	void aReplayedExampleWithAForgedSignatureChangesNothing() {
		String wamid = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJDMEZGRUUxMTIyMzM0NDU1NjYA";
		String id = sendAnswering(wamid);
		String body = example("status-read", wamid, null);
		this.client
			.post("/webhooks/whatsapp/" + this.bot.id(), body, "X-Hub-Signature-256",
					sign(body.replace("read", "sent")))
			.expect(401);
		assertThat(this.bot.status(id)).isEqualTo("DELIVERED_CHANNEL");
	}

	private String sendAnswering(String wamid) {
		this.graph.stubFor(post(urlEqualTo("/v21.0/106540352242922/messages")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + USER + "\",\"wa_id\":\""
					+ USER + "\"}],\"messages\":[{\"id\":\"" + wamid + "\",\"message_status\":\"accepted\"}]}")));
		String id = this.bot.send("whatsapp", USER, null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bot.status(id).equals("DELIVERED_CHANNEL"));
		return id;
	}

	private void webhook(String example, String wamid, String contextId) {
		String body = example(example, wamid, contextId);
		this.client.post("/webhooks/whatsapp/" + this.bot.id(), body, "X-Hub-Signature-256", sign(body)).expect(200);
	}

	/**
	 * The example with our message id and times after our send: sent +1 s, delivered +3,
	 * read +7, failed +9, the text reply +20, the button reply +25.
	 */
	private String example(String name, String wamid, String contextId) {
		String json;
		try (InputStream in = getClass().getResourceAsStream("/meta/whatsapp/" + name + ".json")) {
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		if (wamid != null) {
			json = json.replace(EXAMPLE_WAMID, wamid);
		}
		if (contextId != null) {
			json = json.replace(EXAMPLE_WAMID, contextId);
		}
		return json.replace("\"1750263773\"", at(1))
			.replace("\"1750263775\"", at(3))
			.replace("\"1750263779\"", at(7))
			.replace("\"1750263781\"", at(9))
			.replace("\"1749416383\"", at(20))
			.replace("\"1750263790\"", at(25));
	}

	private String at(long seconds) {
		return "\"" + (this.base + seconds) + "\"";
	}

	private String iso(long seconds) {
		return Instant.ofEpochSecond(this.base + seconds).toString().replace("Z", ".000Z");
	}

	private static List<String> replies(JsonNode events) {
		return events.get("events")
			.valueStream()
			.filter((e) -> e.hasNonNull("reply"))
			.map((e) -> e.get("reply").asString())
			.toList();
	}

	private JsonNode events(String id) {
		return this.bot.get("/v1/bots/" + this.bot.id() + "/notifications/" + id + "/events").expect(200).json();
	}

	private static String sign(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
