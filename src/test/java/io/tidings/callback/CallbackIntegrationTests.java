package io.tidings.callback;

import java.time.Duration;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class CallbackIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void everyStatusChangeIsPostedSignedWithTheCustomPayloadMerged() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot(null);
			String msgId = bot.send("whatsapp", "919876543215", "{\"postbackUrl\":\"" + receiver.url()
					+ "\",\"customPayload\":{\"firstName\":\"Wasim\",\"UID\":\"Got the details\",\"msgId\":\"not mine\"}}");
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 4);
			List<JsonNode> bodies = receiver.accepted().stream().map((r) -> this.client.json(r.body())).toList();
			assertThat(bodies).extracting((b) -> b.get("event").get("status").asString())
				.containsExactlyInAnyOrder("queued", "sent", "delivered", "read");
			for (WebhookReceiver.Received received : receiver.accepted()) {
				assertThat(received.header("Content-Type")).startsWith("application/json");
				String id = received.header("webhook-id");
				long timestamp = Long.parseLong(received.header("webhook-timestamp"));
				assertThat(Math.abs(this.clock.instant().getEpochSecond() - timestamp)).isLessThan(60);
				assertThat(received.header("webhook-signature"))
					.isEqualTo(WebhookSigner.sign(bot.webhookSecret(), id, timestamp, received.body()));
				JsonNode body = this.client.json(received.body());
				assertThat(body.get("msgId").asString()).isEqualTo(msgId);
				assertThat(body.get("userId").asString()).isEqualTo("919876543215");
				assertThat(body.get("source").asString()).isEqualTo("whatsapp");
				assertThat(body.get("campaign").asString()).isEqualTo("apiNotifications");
				assertThat(body.get("templateId").asString()).isEqualTo("welcome");
				assertThat(body.get("firstName").asString()).isEqualTo("Wasim");
				assertThat(body.get("UID").asString()).isEqualTo("Got the details");
			}
			assertThat(receiver.accepted()).extracting((r) -> r.header("webhook-id")).doesNotHaveDuplicates();
		}
	}

	@Test
	void eventsOfNotificationsGoneWithTheirDayArePassedOverEvenAFullReadOfThem() throws Exception {
		// events whose notification no longer exists (retention) have nothing to call
		// back: more of them than one read takes, in every partition of the log, must not
		// hold up the callbacks after them
		this.jdbc.update("""
				insert into status_event (notification_id, status, occurred_at, recorded_at, callback)
				select (lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint), 12, '0') || '7fff'
				  || lpad(to_hex(g), 16, '0'))::uuid, 'SENT', now(), now(), true
				from generate_series(1, 8 * 600) g""");
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			String msgId = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> receiver.accepted()
					.stream()
					.anyMatch((r) -> r.body().contains(msgId)
							&& this.client.json(r.body()).get("event").get("status").asString().equals("read")));
		}
	}

	@Test
	void botPostbackUrlIsUsedAndThePushSurfaceKeepsItsOwnFormat() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			// webhookFormat applies to sends from surfaces that do not fix a format
			// (API.md §1);
			// the push surface always answers in its own (§4)
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\",\"webhookFormat\":\"jelou\"");
			String msgId = bot.send("whatsapp", "919876543210", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
			JsonNode failed = receiver.accepted()
				.stream()
				.map((r) -> this.client.json(r.body()))
				.filter((b) -> b.get("event").get("status").asString().equals("failed"))
				.findFirst()
				.orElseThrow();
			assertThat(failed.get("msgId").asString()).isEqualTo(msgId);
			assertThat(failed.get("event").get("error").get("code").asInt()).isEqualTo(14272);
			assertThat(failed.get("event").get("error").get("message").asString())
				.isEqualTo("Number Does Not Exists On WhatsApp");
		}
	}

	@Test
	void failedCallbacksAreRetriedAndEveryAttemptIsLogged() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			receiver.failNext(500, 503);
			String msgId = bot.send("whatsapp", "919876543211", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
			// the attempts are recorded a moment after the receiver answered them
			await().atMost(Duration.ofSeconds(10))
				.until(() -> bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?notificationId=" + msgId)
					.json()
					.get("results")
					.valueStream()
					.allMatch((d) -> d.get("state").asString().equals("DELIVERED")));
			JsonNode log = bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?notificationId=" + msgId)
				.expect(200)
				.json();
			assertThat(log.get("total").asLong()).isEqualTo(2);
			JsonNode results = log.get("results");
			assertThat(results.valueStream().map((d) -> d.get("state").asString())).containsOnly("DELIVERED");
			List<Integer> codes = results.valueStream()
				.flatMap((d) -> d.get("attemptLog").valueStream())
				.map((a) -> a.get("statusCode").asInt())
				.toList();
			// every attempt the receiver answered, with the status it answered, and no
			// other
			assertThat(codes).as(log.toString()).containsExactlyInAnyOrder(500, 503, 200, 200);
			assertThat(receiver.all()).extracting(WebhookReceiver.Received::answeredWith)
				.containsExactlyInAnyOrder(500, 503, 200, 200);
		}
	}

	@Test
	void deliveryThatKeepsFailingDiesAndCanBeRetriedByHand() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			receiver.failNext(500, 500, 500, 500, 500, 500, 500, 500);
			bot.send("email", "someone1@example.com", null);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?state=DEAD")
					.json()
					.get("total")
					.asLong() == 2);
			JsonNode dead = bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?state=dead")
				.json()
				.get("results")
				.get(0);
			assertThat(dead.get("attempts").asInt()).as(dead.toString()).isEqualTo(4);
			assertThat(dead.get("attemptLog")).hasSize(4);
			assertThat(dead.get("lastStatusCode").asInt()).isEqualTo(500);
			assertThat(dead.get("nextAttemptAt").isNull()).isTrue();
			String id = dead.get("id").asString();
			this.client
				.post("/v1/bots/" + bot.id() + "/webhook-deliveries/" + id + "/retry", null, "x-api-key", bot.key())
				.expect(200);
			await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.accepted().isEmpty());
			JsonNode retried = bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?state=DELIVERED").json();
			assertThat(retried.get("results").get(0).get("id").asString()).isEqualTo(id);
		}
	}

	@Test
	void aSlowReceiverDelaysOnlyItsOwnCallbacks() throws Exception {
		try (WebhookReceiver slow = new WebhookReceiver().delay(1500); WebhookReceiver fast = new WebhookReceiver()) {
			TestBot slowBot = this.client.newBot("\"postbackUrl\":\"" + slow.url() + "\"");
			TestBot fastBot = this.client.newBot("\"postbackUrl\":\"" + fast.url() + "\"");
			for (int i = 0; i < 40; i++) {
				slowBot.send("email", "slow" + i + "@example.com", null);
			}
			fastBot.send("email", "fast@example.com", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> fast.accepted().size() == 2);
			// the fast bot's callbacks did not queue behind the slow ones: when they are
			// in,
			// the slow receiver has not even been asked for all of its own (a condition,
			// not
			// a duration: it holds on a loaded machine too)
			assertThat(slow.all().size()).isLessThan(80);
		}
	}

	@Test
	void deliveriesBeyondTheInFlightLimitGoOutWithoutWaitingForAPoll() throws Exception {
		// the test profile allows 16 attempts in flight and polls once an hour: a claim
		// loop
		// that waited for the poll once its slots were full would stall after the first
		// 16
		try (WebhookReceiver receiver = new WebhookReceiver().delay(20)) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			this.jdbc.update("""
					insert into webhook_delivery (id, bot_id, url, event, payload, state, run_at, created_at)
					select gen_random_uuid(), ?, ?, 'DELIVERED_USER', '{"n":' || g || '}', 'DEAD', now(), now()
					from generate_series(1, 60) g""", bot.id(), receiver.url());
			// retrying one by hand wakes the sender; the others are made due at once
			String first = this.jdbc.queryForObject("select id::text from webhook_delivery where bot_id = ? limit 1",
					String.class, bot.id());
			this.jdbc.update("update webhook_delivery set state = 'PENDING' where bot_id = ? and id <> ?::uuid",
					bot.id(), first);
			this.client
				.post("/v1/bots/" + bot.id() + "/webhook-deliveries/" + first + "/retry", null, "x-api-key", bot.key())
				.expect(200);
			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().size() == 60);
		}
	}

	@Test
	void aNotificationsCallbacksArriveInTheOrderOfItsStatuses() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			List<String> ids = new java.util.ArrayList<>();
			for (int i = 0; i < 30; i++) {
				ids.add(bot.send("whatsapp", "91987654" + String.format("%03d", i) + "5", null));
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().size() == 4 * ids.size());
			java.util.Map<String, List<String>> byMessage = new java.util.HashMap<>();
			for (WebhookReceiver.Received r : receiver.accepted()) {
				JsonNode body = this.client.json(r.body());
				byMessage.computeIfAbsent(body.get("msgId").asString(), (k) -> new java.util.ArrayList<>())
					.add(body.get("event").get("status").asString());
			}
			assertThat(byMessage).hasSize(ids.size());
			byMessage.forEach((id, statuses) -> assertThat(statuses).as(id)
				.containsExactly("queued", "sent", "delivered", "read"));
		}
	}

	@Test
	void onlyTheStatusesABotAsksForAreCalledBack() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot(
					"\"postbackUrl\":\"" + receiver.url() + "\",\"callbackEvents\":[\"DELIVERED_USER\",\"FAILED\"]");
			assertThat(
					bot.get("/v1/bots/" + bot.id()).json().get("callbackEvents").valueStream().map(JsonNode::asString))
				.containsExactly("DELIVERED_USER", "FAILED");
			String read = bot.send("whatsapp", "919876543215", null);
			String absent = bot.send("whatsapp", "919876543210", null);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "READ".equals(bot.status(read)) && "FAILED".equals(bot.status(absent)));
			// every event of both is behind the callback cursors: whatever was to be
			// sent, was
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc.queryForObject(
						"""
								select count(*) from status_event e join callback_cursor c on c.part = e.part
								where e.notification_id in (?::uuid, ?::uuid) and e.callback and (e.tx, e.seq) > (c.tx, c.seq)""",
						Long.class, read, absent) == 0);
			assertThat(receiver.accepted())
				.extracting((r) -> this.client.json(r.body()).get("event").get("status").asString())
				.containsExactlyInAnyOrder("delivered", "failed");
			// decided as the events were recorded: the callback stream reads only these
			assertThat(this.jdbc.queryForList(
					"select status from status_event where notification_id in (?::uuid, ?::uuid) and callback",
					String.class, read, absent))
				.containsExactlyInAnyOrder("DELIVERED_USER", "FAILED");
			// queued, sent and read are not written to the event log: the timeline reads
			// them from the notification's row
			assertThat(this.jdbc.queryForObject(
					"select count(*) from status_event where notification_id in (?::uuid, ?::uuid) and not callback",
					Long.class, read, absent))
				.isZero();
			assertThat(bot.get("/v1/bots/" + bot.id() + "/notifications/" + read + "/events")
				.json()
				.get("events")
				.findValuesAsString("status"))
				.containsExactly("CREATED", "DELIVERED_CHANNEL", "DELIVERED_USER", "READ");
		}
	}

	@Test
	void statusesOfANotificationWithNoWebhookUrlAreNotWrittenToTheOutbox() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot(null);
			String polled = bot.send("whatsapp", "919876543215", null);
			String own = bot.send("whatsapp", "919876543215", "{\"postbackUrl\":\"" + receiver.url() + "\"}");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "READ".equals(bot.status(polled)) && "READ".equals(bot.status(own)));
			// the one with its own URL is called back at every status
			await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 4);
			assertThat(receiver.accepted())
				.allSatisfy((r) -> assertThat(this.client.json(r.body()).get("msgId").asString()).isEqualTo(own));
			// the other had nobody to call: no event row at all, and its timeline is
			// read from the row
			assertThat(this.jdbc.queryForObject("select count(*) from status_event where notification_id = ?::uuid",
					Long.class, polled))
				.isZero();
			assertThat(this.jdbc.queryForObject(
					"select count(*) from status_event where notification_id = ?::uuid and callback", Long.class, own))
				.isEqualTo(4);
			assertThat(bot.get("/v1/bots/" + bot.id() + "/notifications/" + polled + "/events")
				.json()
				.get("events")
				.findValuesAsString("status"))
				.containsExactly("CREATED", "DELIVERED_CHANNEL", "DELIVERED_USER", "READ");
		}
	}

	@Test
	void callbackEventsNamesOnlyKnownStatuses() {
		this.client
			.post("/v1/bots", "{\"name\":\"x\",\"callbackEvents\":[\"DELIVERED\"]}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(400)
			.json();
	}

	@Test
	void anotherBotsDeliveriesAreNotFound() {
		TestBot mine = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		mine.get("/v1/bots/" + other.id() + "/webhook-deliveries").expect(404);
		this.client
			.post("/v1/bots/" + other.id() + "/webhook-deliveries/" + java.util.UUID.randomUUID() + "/retry", null,
					"x-api-key", mine.key())
			.expect(404);
	}

}
