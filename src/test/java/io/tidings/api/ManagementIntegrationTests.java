package io.tidings.api;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ManagementIntegrationTests {

	private static final String ADMIN = TidingsClient.ADMIN_KEY;

	@Autowired
	TidingsClient client;

	@Test
	void adminCreatesAndChangesABot() {
		String id = "mgmt_" + System.nanoTime();
		JsonNode created = this.client
			.post("/v1/bots",
					"{\"botId\":\"" + id + "\",\"name\":\"Shop\",\"defaultCountryCode\":\"593\","
							+ "\"webhookFormat\":\"jelou\",\"postbackUrl\":\"https://example.com/hook\"}",
					"x-api-key", ADMIN)
			.expect(201)
			.json();
		assertThat(created.get("botId").asString()).isEqualTo(id);
		assertThat(created.get("clientId").asLong()).isPositive();
		assertThat(created.get("apiAccessEnabled").asBoolean()).isTrue();
		assertThat(created.get("rateLimitPerMinute").asInt()).isEqualTo(2000);
		assertThat(created.get("retentionDays").asInt()).isEqualTo(90);
		assertThat(created.get("webhookFormat").asString()).isEqualTo("jelou");
		assertThat(created.get("webhookSecret").asString()).startsWith("whsec_");
		JsonNode patched = this.client
			.patch("/v1/bots/" + id, "{\"rateLimitPerMinute\":50,\"apiAccessEnabled\":false}", "x-api-key", ADMIN)
			.expect(200)
			.json();
		assertThat(patched.get("rateLimitPerMinute").asInt()).isEqualTo(50);
		assertThat(patched.get("apiAccessEnabled").asBoolean()).isFalse();
		assertThat(patched.get("defaultCountryCode").asString()).isEqualTo("593");
		String rotated = this.client.post("/v1/bots/" + id + "/webhook-secret/rotate", null, "x-api-key", ADMIN)
			.expect(200)
			.json()
			.get("webhookSecret")
			.asString();
		assertThat(rotated).startsWith("whsec_").isNotEqualTo(created.get("webhookSecret").asString());
		assertThat(this.client.get("/v1/bots", "x-api-key", ADMIN).expect(200).json().findValuesAsString("botId"))
			.contains(id, "demo");
	}

	@Test
	void badBotSettingsAreRefusedNamingTheField() {
		Response badId = this.client.post("/v1/bots", "{\"botId\":\"has space\"}", "x-api-key", ADMIN);
		assertError(badId, 400, 100);
		assertThat(badId.json().get("message").asString()).contains("botId");
		Response badFormat = this.client.post("/v1/bots", "{\"webhookFormat\":\"xml\"}", "x-api-key", ADMIN);
		assertThat(badFormat.json().get("message").asString()).contains("webhookFormat");
		Response badRate = this.client.post("/v1/bots", "{\"rateLimitPerMinute\":\"fast\"}", "x-api-key", ADMIN);
		assertError(badRate, 400, 100);
		assertThat(badRate.json().get("message").asString()).contains("rateLimitPerMinute");
		Response taken = this.client.post("/v1/bots", "{\"botId\":\"demo\"}", "x-api-key", ADMIN);
		assertError(taken, 400, 100);
	}

	@Test
	void botKeySeesItsOwnBotWithoutTheSecretAndCannotManageBots() {
		TestBot bot = this.client.newBot(null);
		JsonNode own = bot.get("/v1/bots/" + bot.id()).expect(200).json();
		assertThat(own.has("webhookSecret")).isFalse();
		assertThat(bot.get("/v1/bots").expect(200).json()).hasSize(1);
		assertError(this.client.post("/v1/bots", "{}", "x-api-key", bot.key()), 403, 1405);
		assertError(this.client.patch("/v1/bots/" + bot.id(), "{}", "x-api-key", bot.key()), 403, 1405);
		assertError(this.client.post("/v1/bots/" + bot.id() + "/keys", "{}", "x-api-key", bot.key()), 403, 1405);
		assertError(this.client.put("/v1/bots/" + bot.id() + "/channels/sms", "{\"provider\":\"simulator\"}",
				"x-api-key", bot.key()), 403, 1405);
		assertError(bot.get("/v1/bots/demo"), 404, 1425);
	}

	@Test
	void keysAreShownOnceAndRevokedAtOnce() {
		TestBot bot = this.client.newBot(null);
		JsonNode key = this.client.post("/v1/bots/" + bot.id() + "/keys", "{\"name\":\"ci\"}", "x-api-key", ADMIN)
			.expect(201)
			.json();
		String full = key.get("key").asString();
		assertThat(full).startsWith(key.get("prefix").asString());
		JsonNode listed = this.client.get("/v1/bots/" + bot.id() + "/keys", "x-api-key", ADMIN).expect(200).json();
		assertThat(listed.toString()).doesNotContain(full);
		assertThat(listed.findValuesAsString("name")).contains("ci", "test");
		this.client.get("/v1/bots/" + bot.id(), "x-api-key", full).expect(200);
		this.client.delete("/v1/bots/" + bot.id() + "/keys/" + key.get("id").asString(), "x-api-key", ADMIN)
			.expect(204);
		assertError(this.client.get("/v1/bots/" + bot.id(), "x-api-key", full), 401, 1400);
	}

	@Test
	void channelSecretsAreWriteOnly() {
		TestBot bot = this.client.newBot(null);
		this.client.put("/v1/bots/" + bot.id() + "/channels/whatsapp",
				"{\"provider\":\"simulator\",\"stepDelayMs\":5,\"accessToken\":\"s3cret-token\"}", "x-api-key", ADMIN)
			.expect(200);
		Response read = bot.get("/v1/bots/" + bot.id() + "/channels/whatsapp").expect(200);
		assertThat(read.body()).doesNotContain("s3cret-token");
		assertThat(read.json().get("stepDelayMs").asInt()).isEqualTo(5);
		assertThat(read.json().get("secretsSet").get(0).asString()).isEqualTo("accessToken");
		Response unknown = this.client.put("/v1/bots/" + bot.id() + "/channels/sms",
				"{\"provider\":\"carrier-pigeon\"}", "x-api-key", ADMIN);
		assertError(unknown, 400, 100);
		assertThat(unknown.json().get("message").asString()).contains("provider");
		Response badSetting = this.client.put("/v1/bots/" + bot.id() + "/channels/sms",
				"{\"provider\":\"simulator\",\"stepDelayMs\":-1}", "x-api-key", ADMIN);
		assertThat(badSetting.json().get("message").asString()).contains("stepDelayMs");
		assertError(bot.get("/v1/bots/" + bot.id() + "/channels/fax"), 404, 1425);
	}

	@Test
	void botKeyManagesItsOwnTemplates() {
		TestBot bot = this.client.newBot(null);
		String base = "/v1/bots/" + bot.id() + "/templates";
		JsonNode created = this.client
			.post(base, "{\"name\":\"promo\",\"channel\":\"sms\",\"body\":\"Hi {{name}}, {{1}}% off\"}", "x-api-key",
					bot.key())
			.expect(201)
			.json();
		assertThat(created.get("status").asString()).isEqualTo("APPROVED");
		assertThat(created.get("placeholders").findValuesAsString("")).isEmpty();
		assertThat(created.get("placeholders").valueStream().map(JsonNode::asString)).containsExactly("name", "1");
		long id = created.get("id").asLong();
		this.client
			.put(base + "/" + id, "{\"name\":\"promo\",\"channel\":\"sms\",\"body\":\"Bye\",\"status\":\"PAUSED\"}",
					"x-api-key", bot.key())
			.expect(200);
		assertThat(bot.get(base + "/" + id).json().get("status").asString()).isEqualTo("PAUSED");
		assertError(this.client.post(base, "{\"name\":\"promo\",\"channel\":\"sms\",\"body\":\"x\"}", "x-api-key",
				bot.key()), 400, 100);
		// an email template without a subject is sent with its name as the subject
		// (API.md §12)
		this.client.post(base, "{\"name\":\"mail\",\"channel\":\"email\",\"body\":\"x\"}", "x-api-key", bot.key())
			.expect(201);
		this.client.delete(base + "/" + id, "x-api-key", bot.key()).expect(204);
		assertError(bot.get(base + "/" + id), 404, 1425);
	}

}
