package io.tidings.api.jelou;

import java.time.Duration;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jelou clients subscribe URLs to the statuses they want (API.md §12) and get
 * Jelou-format callbacks of every notification of the bot.
 */
@IntegrationTest
class WebhookSubscriptionsIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void eachSubscriptionGetsTheJelouCallbacksOfItsEventsForEveryNotification() throws Exception {
		try (WebhookReceiver created = new WebhookReceiver(); WebhookReceiver progress = new WebhookReceiver()) {
			TestBot bot = this.client.newBot(null);
			JsonNode saved = this.client.post("/v1/bots/" + bot.id() + "/events/webhook", """
					{"webhooks": [{"url": "%s", "events": ["created", "failed"]},
					              {"url": "%s", "events": ["delivered_channel", "read"]}]}""".formatted(created.url(),
					progress.url()), "x-api-key", bot.key())
				.expect(200)
				.json();
			assertThat(saved.get("webhooks").get(1).get("events").valueStream().map(JsonNode::asString))
				.containsExactly("delivered_channel", "read");
			assertThat(bot.get("/v1/bots/" + bot.id() + "/events/webhook").expect(200).json()).isEqualTo(saved);
			// ends in 5: created, delivered_channel, delivered_user, read
			String id = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> created.accepted().size() == 1 && progress.accepted().size() == 2);
			JsonNode first = this.client.json(created.accepted().get(0).body());
			assertThat(first.get("status").asString()).isEqualTo("CREATED");
			assertThat(first.get("id").asString()).isEqualTo(id);
			assertThat(first.get("destination").asString()).isEqualTo("919876543215");
			assertThat(first.get("isFinalEvent").asBoolean()).isFalse();
			assertThat(first.get("timestamp").isNumber()).isTrue();
			assertThat(progress.accepted()).extracting((r) -> this.client.json(r.body()).get("status").asString())
				.containsExactly("DELIVERED_CHANNEL", "READ");
			// nothing more follows once the notification's events are behind the cursors
			awaitEventsPassed(id);
			assertThat(created.accepted()).hasSize(1);
			assertThat(progress.accepted()).hasSize(2);
		}
	}

	@Test
	void aSubscriptionGetsItsStatusesEvenWhenTheBotsPostbackIsNotToHaveThem() throws Exception {
		try (WebhookReceiver postback = new WebhookReceiver(); WebhookReceiver subscribed = new WebhookReceiver()) {
			TestBot bot = this.client.newBot(
					"\"postbackUrl\":\"" + postback.url() + "\",\"callbackEvents\":[\"DELIVERED_USER\",\"FAILED\"]");
			this.client
				.post("/v1/bots/" + bot.id() + "/events/webhook",
						"{\"webhooks\": [{\"url\": \"%s\", \"events\": [\"read\"]}]}".formatted(subscribed.url()),
						"x-api-key", bot.key())
				.expect(200);
			// ends in 5: created, delivered_channel, delivered_user, read
			String id = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> postback.accepted().size() == 1 && subscribed.accepted().size() == 1);
			assertThat(this.client.json(subscribed.accepted().get(0).body()).get("status").asString())
				.isEqualTo("READ");
			assertThat(this.client.json(postback.accepted().get(0).body()).get("event").get("status").asString())
				.isEqualTo("delivered");
			awaitEventsPassed(id);
			assertThat(postback.accepted()).hasSize(1);
			assertThat(subscribed.accepted()).hasSize(1);
		}
	}

	@Test
	void subscriptionsNameTheirBadFields() {
		TestBot bot = this.client.newBot(null);
		String path = "/v1/bots/" + bot.id() + "/events/webhook";
		assertThat(this.client
			.post(path, "{\"webhooks\":[{\"url\":\"https://example.com/h\",\"events\":[\"delivered\"]}]}", "x-api-key",
					bot.key())
			.expect(400)
			.json()
			.get("message")
			.asString()).contains("webhooks[0].events[0]");
		assertThat(this.client
			.post(path, "{\"webhooks\":[{\"url\":\"http://10.1.2.3/h\",\"events\":[\"read\"]}]}", "x-api-key",
					bot.key())
			.expect(422)
			.json()
			.get("message")
			.asString()).contains("webhooks[0].url");
		assertThat(bot.get(path).expect(200).json().get("webhooks")).isEmpty();
	}

	@Test
	void anotherBotsSubscriptionsAreNotFound() {
		TestBot mine = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		mine.get("/v1/bots/" + other.id() + "/events/webhook").expect(404);
		this.client.post("/v1/bots/" + other.id() + "/events/webhook", "{\"webhooks\":[]}", "x-api-key", mine.key())
			.expect(404);
		assertThat(List.of(other.get("/v1/bots/" + other.id() + "/events/webhook").json().get("webhooks").size()))
			.containsExactly(0);
	}

	/**
	 * Waits until every event of the notification to call back is behind the callback
	 * cursors: whatever was to be posted, was.
	 */
	private void awaitEventsPassed(String id) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("""
					select count(*) from status_event e join callback_cursor c on c.part = e.part
					where e.notification_id = ?::uuid and e.callback and (e.tx, e.seq) > (c.tx, c.seq)""", Long.class,
					id) == 0);
	}

}
