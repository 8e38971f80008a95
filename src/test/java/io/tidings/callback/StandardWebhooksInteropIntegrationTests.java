package io.tidings.callback;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A client verifies Tidings' callbacks with the official Standard Webhooks library for
 * Java ({@code com.standardwebhooks:standardwebhooks}), as it would any other sender's.
 */
@IntegrationTest
class StandardWebhooksInteropIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	MutableClock clock;

	@Test
	void yellowPostbacksVerifyWithTheOfficialLibrary() throws Exception {
		verifiesEveryCallback(null, 5);
	}

	@Test
	void jelouCallbacksVerifyWithTheOfficialLibrary() throws Exception {
		verifiesEveryCallback("\"webhookFormat\":\"jelou\"", 5);
	}

	@Test
	void aRetryMoreThanFiveMinutesLaterIsSignedAfreshAndVerifies() throws Exception {
		// the first attempt is made (and refused) six minutes in the past, the retry now:
		// a
		// sender that kept the first timestamp would be refused by every official
		// verifier
		Duration ahead = this.clock.offset();
		this.clock.restore(Duration.ofMinutes(-6));
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			receiver.failNext(500);
			bot.send("email", "resigned@example.com", null);
			await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.all().isEmpty());
			WebhookReceiver.Received first = receiver.all().get(0);
			this.clock.restore(Duration.ZERO);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> receiver.accepted()
					.stream()
					.anyMatch((r) -> r.header("webhook-id").equals(first.header("webhook-id"))));
			WebhookReceiver.Received retry = receiver.accepted()
				.stream()
				.filter((r) -> r.header("webhook-id").equals(first.header("webhook-id")))
				.findFirst()
				.orElseThrow();
			long firstTimestamp = Long.parseLong(first.header("webhook-timestamp"));
			long retryTimestamp = Long.parseLong(retry.header("webhook-timestamp"));
			assertThat(retryTimestamp - firstTimestamp).isGreaterThanOrEqualTo(Duration.ofMinutes(5).toSeconds());
			Webhook official = new Webhook(bot.webhookSecret());
			assertThatCode(() -> official.verify(retry.body(), HttpHeaders.of(retry.headers(), (name, value) -> true)))
				.doesNotThrowAnyException();
			assertThatThrownBy(
					() -> official.verify(first.body(), HttpHeaders.of(first.headers(), (name, value) -> true)))
				.isInstanceOf(WebhookVerificationException.class);
		}
		finally {
			this.clock.restore(ahead);
		}
	}

	private void verifiesEveryCallback(String settings, int expected) throws Exception {
		// the official verifier refuses timestamps five minutes away from the system
		// clock:
		// sign on system time while this runs (other tests move the shared clock ahead)
		Duration ahead = this.clock.offset();
		this.clock.restore(Duration.ZERO);
		try {
			verifiesEveryCallbackOnSystemTime(settings, expected);
		}
		finally {
			this.clock.restore(ahead);
		}
	}

	private void verifiesEveryCallbackOnSystemTime(String settings, int expected) throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client
				.newBot("\"postbackUrl\":\"" + receiver.url() + "\"" + ((settings != null) ? "," + settings : ""));
			// ends in 3: queued (created), sent, delivered, read, replied
			bot.send("whatsapp", "919876543213", null);
			await().atMost(Duration.ofSeconds(15)).until(() -> receiver.accepted().size() >= expected);
			Webhook official = new Webhook(bot.webhookSecret());
			List<WebhookReceiver.Received> callbacks = receiver.accepted();
			for (WebhookReceiver.Received callback : callbacks) {
				String id = callback.header("webhook-id");
				long timestamp = Long.parseLong(callback.header("webhook-timestamp"));
				String signature = callback.header("webhook-signature");
				assertThat(List.of(signature.split(" "))).as("signature of %s", callback.body())
					.contains(official.sign(id, timestamp, callback.body()))
					.contains(WebhookSigner.sign(bot.webhookSecret(), id, timestamp, callback.body()));
				HttpHeaders headers = HttpHeaders.of(callback.headers(), (name, value) -> true);
				assertThatCode(() -> official.verify(callback.body(), headers)).doesNotThrowAnyException();
				assertThatThrownBy(() -> official.verify(callback.body().replace("}", " }"), headers))
					.isInstanceOf(WebhookVerificationException.class);
				assertThatThrownBy(() -> new Webhook("whsec_"
						+ java.util.Base64.getEncoder().encodeToString("another-bot-secret-32-bytes-long".getBytes()))
					.verify(callback.body(), headers)).isInstanceOf(WebhookVerificationException.class);
			}
			assertThat(callbacks).extracting((c) -> c.header("webhook-id")).doesNotHaveDuplicates();
		}
	}

}
