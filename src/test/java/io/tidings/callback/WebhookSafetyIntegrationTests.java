package io.tidings.callback;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook URLs pointing inside the network are refused when a client gives them (the
 * suite allows only loopback, for its own receivers).
 */
@IntegrationTest
class WebhookSafetyIntegrationTests {

	private static final String PUSH = "{\"userDetails\":{\"number\":\"919876543210\"},\"notification\":{\"type\":"
			+ "\"whatsapp\",\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}},"
			+ "\"config\":{\"postbackUrl\":\"%s\"}}";

	@Autowired
	TidingsClient client;

	@ParameterizedTest
	@ValueSource(strings = { "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://0.0.0.0:80/",
			"http://[fd00::1]/", "http://192.168.1.1:8080/", "http://[::]/", "http://0/" })
	void botPostbackUrlsInsideTheNetworkAreRefusedOnCreateAndUpdate(String url) {
		Response created = this.client.post("/v1/bots", "{\"name\":\"ssrf\",\"postbackUrl\":\"" + url + "\"}",
				"x-api-key", TidingsClient.ADMIN_KEY);
		assertError(created, 422, 100);
		assertThat(created.json().get("message").asString()).startsWith("postbackUrl ");
		TestBot bot = this.client.newBot(null);
		Response patched = this.client.patch("/v1/bots/" + bot.id(), "{\"postbackUrl\":\"" + url + "\"}", "x-api-key",
				TidingsClient.ADMIN_KEY);
		assertError(patched, 422, 100);
		assertThat(patched.json().get("message").asString()).startsWith("postbackUrl ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://169.254.169.254/", "http://172.16.0.1/x", "http://evil.example@10.0.0.1/",
			"http://[fe80::1]/" })
	void pushPostbackUrlsInsideTheNetworkAreRefused(String url) {
		TestBot bot = this.client.newBot(null);
		Response response = bot.push(PUSH.formatted(url));
		assertThat(response.status()).isIn(400, 422);
		assertError(response, response.status(), 100);
		assertThat(response.json().get("message").asString()).startsWith("config.postbackUrl ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/hook" })
	void anAllowedNetworkIsAccepted(String url) {
		TestBot bot = this.client.newBot("\"postbackUrl\":\"" + url + "\"");
		bot.push(PUSH.formatted(url)).expect(202);
	}

}
