package io.tidings.receipt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class WhatsAppCloudEndToEndIntegrationTests {

	private static final String APP_SECRET = "meta-app-secret";

	@Autowired
	TidingsClient client;

	private final WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private WebhookReceiver receiver;

	private TestBot bot;

	@BeforeEach
	void setUp() throws Exception {
		this.graph.start();
		this.receiver = new WebhookReceiver();
		this.bot = this.client.newBot("\"postbackUrl\":\"" + this.receiver.url() + "\"");
		this.client.put("/v1/bots/" + this.bot.id() + "/channels/whatsapp",
				"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"1055\",\"accessToken\":\"EAAG-token\",\"appSecret\":\""
						+ APP_SECRET + "\",\"verifyToken\":\"let-me-in\",\"baseUrl\":\"" + this.graph.baseUrl() + "\"}",
				"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
	}

	@AfterEach
	void tearDown() {
		this.graph.stop();
		this.receiver.close();
	}

	@Test
	void pushReachesReadThroughMetasWebhooksAndCallsBack() {
		String id = sendAnswering("wamid.ONE");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bot.status(id).equals("DELIVERED_CHANNEL"));
		assertThat(this.bot.notification(id).json().get("internalId").asString()).isEqualTo("wamid.ONE");
		// Meta sends read before delivered; the late delivered only fills its timestamp
		webhook(statuses(
				"{\"id\":\"wamid.ONE\",\"status\":\"read\",\"timestamp\":\"1700000100\",\"recipient_id\":\"919876543215\"}"))
			.expect(200);
		webhook(statuses(
				"{\"id\":\"wamid.ONE\",\"status\":\"delivered\",\"timestamp\":\"1700000050\",\"recipient_id\":\"919876543215\"}"))
			.expect(200);
		webhook(statuses(
				"{\"id\":\"wamid.ONE\",\"status\":\"read\",\"timestamp\":\"1700000100\",\"recipient_id\":\"919876543215\"}"))
			.expect(200);
		assertThat(this.bot.status(id)).isEqualTo("READ");
		JsonNode events = this.bot.get("/v1/bots/" + this.bot.id() + "/notifications/" + id + "/events").json();
		assertThat(events.get("deliveryUserAt").asString()).isEqualTo("2023-11-14T22:14:10.000Z");
		assertThat(events.get("readAt").asString()).isEqualTo("2023-11-14T22:15:00.000Z");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.accepted().size() == 3);
		assertThat(this.receiver.accepted()
			.stream()
			.map((r) -> this.client.json(r.body()).get("event").get("status").asString()))
			.containsExactlyInAnyOrder("queued", "sent", "read");
	}

	@Test
	void badOrMissingSignatureIsRefusedAndChangesNothing() {
		String id = sendAnswering("wamid.TWO");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.bot.status(id).equals("DELIVERED_CHANNEL"));
		String body = statuses("{\"id\":\"wamid.TWO\",\"status\":\"read\",\"timestamp\":\"1700000100\"}");
		assertError(this.client.post("/webhooks/whatsapp/" + this.bot.id(), body, "X-Hub-Signature-256",
				"sha256=" + "0".repeat(64)), 401, 1400);
		assertError(this.client.post("/webhooks/whatsapp/" + this.bot.id(), body), 401, 1400);
		assertThat(this.bot.status(id)).isEqualTo("DELIVERED_CHANNEL");
	}

	@Test
	void verifyTokenHandshakeEchoesTheChallenge() {
		Response ok = this.client.get("/webhooks/whatsapp/" + this.bot.id()
				+ "?hub.mode=subscribe&hub.verify_token=let-me-in&hub.challenge=1158201444");
		assertThat(ok.expect(200).body()).isEqualTo("1158201444");
		this.client
			.get("/webhooks/whatsapp/" + this.bot.id() + "?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")
			.expect(403);
	}

	@Test
	void failedStatusAndUserRepliesAreApplied() {
		String failing = sendAnswering("wamid.FAIL");
		String answered = sendAnswering("wamid.ASK");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.bot.status(failing).equals("DELIVERED_CHANNEL")
					&& this.bot.status(answered).equals("DELIVERED_CHANNEL"));
		webhook(statuses(
				"{\"id\":\"wamid.FAIL\",\"status\":\"failed\",\"timestamp\":\"1700000100\",\"errors\":[{\"code\":131026,"
						+ "\"title\":\"Message undeliverable\"}]}"))
			.expect(200);
		JsonNode failed = this.bot.get("/v1/bots/" + this.bot.id() + "/notifications/" + failing + "/events").json();
		assertThat(failed.get("sentStatus").asString()).isEqualTo("FAILED");
		assertThat(failed.get("failureKind").asString()).isEqualTo("ABSENT");
		assertThat(failed.get("errorCode").asInt()).isEqualTo(14272);
		webhook("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":"
				+ "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"from\":\"919876543215\",\"id\":\"wamid.IN\",\"timestamp\":\""
				+ (System.currentTimeMillis() / 1000)
				+ "\",\"type\":\"text\",\"text\":{\"body\":\"Yes!\"},\"context\":{\"id\":\"wamid.ASK\"}}]}}]}]}")
			.expect(200);
		assertThat(this.bot.status(answered)).isEqualTo("REPLY");
		this.client
			.post("/v1/whatsapp/messages",
					"{\"botId\":\"" + this.bot.id()
							+ "\",\"userId\":\"919876543215\",\"type\":\"text\",\"text\":\"Thanks\"}",
					"x-api-key", this.bot.key())
			.expect(200);
	}

	@Test
	void stopWordInAMetaWebhookOptsTheUserOut() {
		webhook("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":"
				+ "{\"messaging_product\":\"whatsapp\",\"messages\":[{\"from\":\"919876543215\",\"id\":\"wamid.STOP\",\"timestamp\":\""
				+ (System.currentTimeMillis() / 1000)
				+ "\",\"type\":\"text\",\"text\":{\"body\":\"UNSUBSCRIBE\"}}]}}]}]}")
			.expect(200);
		JsonNode list = this.bot.get("/v1/bots/" + this.bot.id() + "/suppressions?channel=whatsapp").expect(200).json();
		assertThat(list.get("items").get(0).get("recipient").asString()).isEqualTo("919876543215");
		assertError(
				this.bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\","
						+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}"),
				422, 14272);
	}

	private String sendAnswering(String wamid) {
		this.graph.stubFor(post(urlEqualTo("/v21.0/1055/messages")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"messages\":[{\"id\":\"" + wamid + "\"}]}")));
		String id = this.bot.send("whatsapp", "919876543215", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.bot.status(id).equals("CREATED"));
		return id;
	}

	private Response webhook(String body) {
		return this.client.post("/webhooks/whatsapp/" + this.bot.id(), body, "X-Hub-Signature-256", sign(body));
	}

	private static String statuses(String status) {
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
				+ "\"value\":{\"messaging_product\":\"whatsapp\",\"statuses\":[" + status + "]}}]}]}";
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
