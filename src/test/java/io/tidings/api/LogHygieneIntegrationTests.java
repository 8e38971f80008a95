package io.tidings.api;

import java.time.Duration;
import java.util.Arrays;

import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log of an end-to-end run with hostile values holds no full phone number, email
 * address or key, and no line a client wrote.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneIntegrationTests {

	private static final String FORGED = "2026-11-30T00:00:00.000Z ERROR --- [main] io.tidings.Forged : FORGED";

	@Autowired
	TidingsClient client;

	@Test
	void logsCarryNoPersonalDataKeysOrForgedLines(CapturedOutput output) throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			String forgedJson = FORGED.replace("\"", "\\\"");
			bot.push("{\"userDetails\":{\"number\":\"+91 98765 43213\"},\"notification\":{\"type\":\"whatsapp\","
					+ "\"templateId\":\"welcome\",\"sender\":\"ACME\\n" + forgedJson + "\",\"params\":{\"1\":"
					+ "\"asha.secret@example.com\",\"2\":\"A-1\\r\\n" + forgedJson + "\"}}}")
				.expect(202);
			bot.push("{\"userDetails\":{\"email\":\"asha.private@example.com\",\"cc\":[\"ravi.private@example.com\"]},"
					+ "\"notification\":{\"type\":\"email\",\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\","
					+ "\"2\":\"A-1\"}}}")
				.expect(202);
			bot.push("{\"userDetails\":{\"number\":\"919876543219\\u0000\"},\"notification\":{\"type\":\"whatsapp\","
					+ "\"templateId\":\"welcome\"}}")
				.expect(400);
			this.client.get("/v1/bots/" + bot.id(), "x-api-key", "tk_SECRETSECRETSECRETSECRET").expect(401);
			this.client
				.patch("/v1/bots/" + bot.id(), "{\"postbackUrl\":\"http://169.254.169.254/\"}", "x-api-key",
						TidingsClient.ADMIN_KEY)
				.expect(422);
			// any code path that logs a client's value with a line break
			LoggerFactory.getLogger(LogHygieneIntegrationTests.class).warn("a client value: {}", "x\n" + FORGED);
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() >= 3);
		}
		String log = output.getAll();
		assertThat(log).contains("a client value: x");
		assertThat(log).doesNotContain("9876543213", "98765 43213", "asha.secret", "asha.private", "ravi.private",
				"SECRETSECRET", "9876543219", "whsec_");
		assertThat(Arrays.stream(log.split("\\R")).filter((line) -> line.startsWith("2026-11-30T00:00:00.000Z")))
			.isEmpty();
	}

}
