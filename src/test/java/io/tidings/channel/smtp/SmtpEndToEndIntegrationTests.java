package io.tidings.channel.smtp;

import java.time.Duration;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.tidings.support.FakeSmtpServer;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class SmtpEndToEndIntegrationTests {

	@RegisterExtension
	static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("tidings", "s3cret"));

	@Autowired
	TidingsClient client;

	@Test
	void emailPushIsDeliveredOverSmtpAndCalledBack() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = smtpBot(mail.getSmtp().getPort(), receiver.url());
			String id = bot.send("email", "asha@example.com", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
			assertThat(mail.getReceivedMessages()).anySatisfy((m) -> {
				assertThat(m.getSubject()).isEqualTo("Order A-1");
				assertThat(m.getAllRecipients()[0].toString()).isEqualTo("asha@example.com");
			});
			assertThat(bot.notification(id).json().get("internalId").asString()).contains(id);
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
			assertThat(receiver.accepted()
				.stream()
				.map((r) -> this.client.json(r.body()).get("event").get("status").asString()))
				.containsExactlyInAnyOrder("queued", "sent");
			JsonNode secrets = bot.get("/v1/bots/" + bot.id() + "/channels/email").json();
			assertThat(secrets.toString()).doesNotContain("s3cret");
		}
	}

	@Test
	void oneClickUnsubscribeHeadersLeadToTheEmailSuppressionList() throws Exception {
		TestBot bot = smtpBot(mail.getSmtp().getPort(), null);
		String id = bot.send("email", "ravi@example.com", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		jakarta.mail.internet.MimeMessage received = java.util.Arrays.stream(mail.getReceivedMessages()).filter((m) -> {
			try {
				return m.getAllRecipients()[0].toString().equals("ravi@example.com");
			}
			catch (jakarta.mail.MessagingException ex) {
				return false;
			}
		}).findFirst().orElseThrow();
		assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		String header = received.getHeader("List-Unsubscribe", null);
		assertThat(header).startsWith("<" + this.client.baseUrl().replace("127.0.0.1", "localhost") + "/unsubscribe/")
			.endsWith(">");
		String path = java.net.URI.create(header.substring(1, header.length() - 1)).getPath();

		String forged = path.substring(0, path.length() - 2) + (path.endsWith("A") ? "BB" : "AA");
		assertThat(this.client
			.post(forged, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded")
			.status()).isEqualTo(404);
		assertThat(this.client.get(path).expect(200).body()).contains("ravi@example.com").contains("method=\"post\"");
		this.client.post(path, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded")
			.expect(200);
		JsonNode list = bot.get("/v1/bots/" + bot.id() + "/suppressions?channel=email").expect(200).json();
		assertThat(list.get("items").get(0).get("recipient").asString()).isEqualTo("ravi@example.com");
		assertThat(list.get("items").get(0).get("reason").asString()).isEqualTo("unsubscribe-link");
		io.tidings.support.Response refused = bot.push("{\"userDetails\":{\"email\":\"ravi@example.com\"},"
				+ "\"notification\":{\"type\":\"email\",\"templateId\":\"welcome\",\"params\":{\"1\":\"R\",\"2\":\"A-2\"}}}");
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().get("message").asString()).isEqualTo("userDetails.email has opted out");
	}

	@Test
	void permanentRefusalFailsAndTemporaryRefusalIsRetried() throws Exception {
		try (FakeSmtpServer server = new FakeSmtpServer()) {
			TestBot bot = smtpBot(server.port(), null);
			server.rcptReply("550 5.1.1 User unknown");
			String refused = bot.send("email", "gone@example.com", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(refused).equals("FAILED"));
			JsonNode events = bot.get("/v1/bots/" + bot.id() + "/notifications/" + refused + "/events").json();
			assertThat(events.get("failureKind").asString()).isEqualTo("REJECTED");
			server.rcptReply("451 4.3.0 Try again later");
			int asked = server.rcpts();
			String later = bot.send("email", "busy@example.com", null);
			// refused a second time: the first refusal was recorded as a retry, whatever
			// the machine's speed
			await().atMost(Duration.ofSeconds(10))
				.until(() -> server.rcpts() >= asked + 2 || !bot.status(later).equals("CREATED"));
			assertThat(bot.status(later)).isEqualTo("CREATED");
			server.rcptReply("250 2.1.5 OK");
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(later).equals("DELIVERED_CHANNEL"));
		}
	}

	private TestBot smtpBot(int port, String postbackUrl) {
		TestBot bot = this.client.newBot((postbackUrl != null) ? "\"postbackUrl\":\"" + postbackUrl + "\"" : null);
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/email", "{\"provider\":\"smtp\",\"host\":\"127.0.0.1\",\"port\":"
					+ port
					+ ",\"tls\":\"none\",\"username\":\"tidings\",\"password\":\"s3cret\",\"fromAddress\":\"noreply@tidings.test\"}",
					"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		return bot;
	}

}
