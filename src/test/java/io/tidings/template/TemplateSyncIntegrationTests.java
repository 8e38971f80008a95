package io.tidings.template;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Template sync against a Graph API fake on loopback serving Meta's response shape, and
 * Meta's signed template webhooks.
 */
@IntegrationTest
class TemplateSyncIntegrationTests {

	private static final String APP_SECRET = "meta-app-secret";

	private static final String PATH = "/v21.0/waba-77/message_templates";

	@Autowired
	TidingsClient client;

	private final WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private TestBot bot;

	@BeforeEach
	void setUp() {
		this.graph.start();
		this.bot = this.client.newBot(null);
		this.client.put("/v1/bots/" + this.bot.id() + "/channels/whatsapp",
				"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"1055\",\"wabaId\":\"waba-77\",\"accessToken\":\"EAAG-token\","
						+ "\"appSecret\":\"" + APP_SECRET + "\",\"baseUrl\":\"" + this.graph.baseUrl() + "\"}",
				"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
	}

	@AfterEach
	void tearDown() {
		this.graph.stop();
	}

	@Test
	void syncReadsEveryPageAndStoresComponentsStatusesAndSource() {
		servePages();
		JsonNode counts = sync().expect(200).json();
		assertThat(counts.get("created").asInt()).isEqualTo(3);
		assertThat(counts.get("updated").asInt()).isZero();
		assertThat(counts.get("unchanged").asInt()).isZero();
		this.graph
			.verify(getRequestedFor(urlPathEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer EAAG-token")));

		JsonNode shipped = template("order_shipped");
		assertThat(shipped.get("language").asString()).isEqualTo("en_US");
		assertThat(shipped.get("category").asString()).isEqualTo("UTILITY");
		assertThat(shipped.get("header").asString()).isEqualTo("Order {{1}}");
		assertThat(shipped.get("body").asString()).isEqualTo("Hi {{1}}, order {{2}} ships today");
		assertThat(shipped.get("footer").asString()).isEqualTo("Reply STOP to opt out");
		assertThat(shipped.get("buttons").get(1).get("url").asString()).isEqualTo("https://shop.example/t/{{1}}");
		assertThat(shipped.get("status").asString()).isEqualTo("APPROVED");
		assertThat(shipped.get("source").asString()).isEqualTo("meta");
		assertThat(shipped.get("syncedAt").isNull()).isFalse();
		JsonNode named = template("promo_named");
		assertThat(named.get("body").asString()).isEqualTo("Hola {{first_name}}, {{discount}} off today");
		assertThat(named.get("placeholders").toString()).contains("first_name", "discount");
		assertThat(named.get("status").asString()).isEqualTo("PENDING");
		assertThat(template("appeal_me").get("status").asString()).isEqualTo("PENDING");

		JsonNode again = sync().expect(200).json();
		assertThat(again.get("created").asInt()).isZero();
		assertThat(again.get("unchanged").asInt()).isEqualTo(3);
	}

	@Test
	void syncUpdatesAManualTemplateOfTheSameNameAndLanguage() {
		this.client.post("/v1/bots/" + this.bot.id() + "/templates",
				"{\"name\":\"order_shipped\",\"channel\":\"whatsapp\",\"language\":\"en_US\",\"body\":\"old text\"}",
				"x-api-key", this.bot.key())
			.expect(201);
		servePages();
		JsonNode counts = sync().expect(200).json();
		assertThat(counts.get("created").asInt()).isEqualTo(2);
		assertThat(counts.get("updated").asInt()).isEqualTo(1);
		assertThat(template("order_shipped").get("body").asString()).isEqualTo("Hi {{1}}, order {{2}} ships today");
		assertThat(template("order_shipped").get("source").asString()).isEqualTo("meta");
	}

	@Test
	void pendingTemplateIsNotSendable() {
		servePages();
		sync().expect(200);
		Response refused = this.bot
			.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\","
					+ "\"templateId\":\"promo_named\",\"params\":{\"first_name\":\"Asha\",\"discount\":\"10%\"}}}");
		assertError(refused, 422, 1443);
		assertThat(refused.json().get("message").asString()).contains("promo_named");
	}

	@Test
	void metaRefusingTheCallAnswers502WithMetasMessage() {
		this.graph.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"Invalid OAuth access token - Cannot parse access token\","
					+ "\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"AbCdEf\"}}")));
		Response refused = sync();
		assertError(refused, 502, 1402);
		assertThat(refused.json().get("message").asString()).contains("Invalid OAuth access token");
	}

	@Test
	void syncWithoutWabaIdIsRefusedNamingTheField() {
		this.client.put("/v1/bots/" + this.bot.id() + "/channels/whatsapp",
				"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"1055\",\"accessToken\":\"EAAG-token\",\"baseUrl\":\""
						+ this.graph.baseUrl() + "\"}",
				"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		Response refused = sync();
		assertError(refused, 422, 100);
		assertThat(refused.json().get("message").asString()).contains("wabaId");
	}

	@Test
	void templateWebhooksMoveTheStatusAsSection14Says() {
		servePages();
		sync().expect(200);
		statusEvent("order_shipped", "PAUSED").expect(200);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("PAUSED");
		statusEvent("order_shipped", "APPROVED").expect(200);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("APPROVED");
		qualityEvent("order_shipped", "RED").expect(200);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("LOW_QUALITY");
		qualityEvent("order_shipped", "YELLOW").expect(200);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("APPROVED");
		statusEvent("order_shipped", "DISABLED").expect(200);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("PAUSED");
		statusEvent("order_shipped", "REJECTED").expect(200);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("REJECTED");
	}

	@Test
	void unsignedTemplateWebhookChangesNothing() {
		servePages();
		sync().expect(200);
		String body = statusBody("order_shipped", "PAUSED");
		assertError(this.client.post("/webhooks/whatsapp/" + this.bot.id(), body, "X-Hub-Signature-256",
				"sha256=" + "0".repeat(64)), 401, 1400);
		assertThat(template("order_shipped").get("status").asString()).isEqualTo("APPROVED");
	}

	private Response sync() {
		return this.client.post("/v1/bots/" + this.bot.id() + "/templates/sync", "", "x-api-key", this.bot.key());
	}

	private JsonNode template(String name) {
		for (JsonNode t : this.bot.get("/v1/bots/" + this.bot.id() + "/templates?limit=500").expect(200).json()) {
			if (t.get("name").asString().equals(name) && t.get("channel").asString().equals("whatsapp")) {
				return t;
			}
		}
		throw new AssertionError("no whatsapp template " + name);
	}

	/** Two pages, as Meta serves them: cursors, and {@code next} on all but the last. */
	private void servePages() {
		String first = "{\"data\":[{\"name\":\"order_shipped\",\"parameter_format\":\"POSITIONAL\",\"components\":["
				+ "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Order {{1}}\",\"example\":{\"header_text\":[\"A-1\"]}},"
				+ "{\"type\":\"BODY\",\"text\":\"Hi {{1}}, order {{2}} ships today\",\"example\":{\"body_text\":[[\"Asha\",\"A-1\"]]}},"
				+ "{\"type\":\"FOOTER\",\"text\":\"Reply STOP to opt out\"},"
				+ "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"Thanks\"},"
				+ "{\"type\":\"URL\",\"text\":\"Track\",\"url\":\"https://shop.example/t/{{1}}\",\"example\":[\"https://shop.example/t/A-1\"]}]}],"
				+ "\"language\":\"en_US\",\"status\":\"APPROVED\",\"category\":\"UTILITY\",\"id\":\"1001\"},"
				+ "{\"name\":\"promo_named\",\"parameter_format\":\"NAMED\",\"components\":["
				+ "{\"type\":\"HEADER\",\"format\":\"IMAGE\",\"example\":{\"header_handle\":[\"4::aW1h\"]}},"
				+ "{\"type\":\"BODY\",\"text\":\"Hola {{first_name}}, {{discount}} off today\",\"example\":{\"body_text_named_params\":"
				+ "[{\"param_name\":\"first_name\",\"example\":\"Asha\"},{\"param_name\":\"discount\",\"example\":\"10%\"}]}}],"
				+ "\"language\":\"es\",\"status\":\"PENDING\",\"category\":\"MARKETING\",\"id\":\"1002\"}],"
				+ "\"paging\":{\"cursors\":{\"before\":\"QVFIUk1\",\"after\":\"QVFIUjJ\"},\"next\":\""
				+ this.graph.baseUrl() + PATH + "?limit=2&after=QVFIUjJ\"}}";
		String second = "{\"data\":[{\"name\":\"appeal_me\",\"components\":[{\"type\":\"BODY\",\"text\":\"Your code is {{1}}\"}],"
				+ "\"language\":\"en\",\"status\":\"IN_APPEAL\",\"category\":\"AUTHENTICATION\",\"id\":\"1003\"}],"
				+ "\"paging\":{\"cursors\":{\"before\":\"QVFIUjJ\",\"after\":\"QVFIUjM\"}}}";
		this.graph.stubFor(get(urlPathEqualTo(PATH)).atPriority(5)
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(first)));
		this.graph.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("after", equalTo("QVFIUjJ"))
			.atPriority(1)
			.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(second)));
	}

	private Response statusEvent(String name, String event) {
		return webhook(statusBody(name, event));
	}

	private static String statusBody(String name, String event) {
		return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"waba-77\",\"time\":1700000000,\"changes\":[{"
				+ "\"value\":{\"event\":\"" + event + "\",\"message_template_id\":1001,\"message_template_name\":\""
				+ name
				+ "\",\"message_template_language\":\"en_US\",\"reason\":\"NONE\"},\"field\":\"message_template_status_update\"}]}]}";
	}

	private Response qualityEvent(String name, String score) {
		return webhook(
				"{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"waba-77\",\"time\":1700000000,\"changes\":[{"
						+ "\"value\":{\"previous_quality_score\":\"GREEN\",\"new_quality_score\":\"" + score
						+ "\",\"message_template_id\":1001,\"message_template_name\":\"" + name
						+ "\",\"message_template_language\":\"en_US\"},\"field\":\"message_template_quality_update\"}]}]}");
	}

	private Response webhook(String body) {
		return this.client.post("/webhooks/whatsapp/" + this.bot.id(), body, "X-Hub-Signature-256", sign(body));
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
