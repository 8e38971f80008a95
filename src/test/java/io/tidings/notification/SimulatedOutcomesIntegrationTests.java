package io.tidings.notification;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import io.tidings.support.CallbackCounter;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every outcome of the simulator (API.md §11) through the whole pipeline, and the rollups
 * that count them.
 */
@IntegrationTest
class SimulatedOutcomesIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void eachRecipientReachesItsFinalStatus() {
		TestBot bot = this.client.newBot(null);
		Map<String, String> expected = Map.of(bot.send("whatsapp", "919876543210", null), "FAILED",
				bot.send("whatsapp", "919876543211", null), "DELIVERED_CHANNEL",
				bot.send("whatsapp", "919876543212", null), "DELIVERED_USER",
				bot.send("whatsapp", "919876543213", null), "REPLY", bot.send("whatsapp", "919876543214", null), "READ",
				bot.send("sms", "919876543217", null), "DELIVERED_USER", bot.send("email", "someone@example.com", null),
				"DELIVERED_CHANNEL", bot.send("email", "bounce@example.com", null), "FAILED");
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> expected.forEach((id, status) -> assertThat(bot.status(id)).as(id).isEqualTo(status)));
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and due_at is not null",
				Long.class, bot.id()))
			.isZero();
	}

	@Test
	void absentRecipientFailsWithItsKindAndCode() {
		TestBot bot = this.client.newBot(null);
		String id = bot.send("whatsapp", "919876543210", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("FAILED"));
		JsonNode n = bot.notification(id).json();
		assertThat(n.get("error").asString()).isEqualTo("Number Does Not Exists On WhatsApp");
		assertThat(n.get("wasRead").asBoolean()).isFalse();
		JsonNode events = bot.get("/v1/bots/" + bot.id() + "/notifications/" + id + "/events").json();
		assertThat(events.get("failureKind").asString()).isEqualTo("ABSENT");
		assertThat(events.get("errorCode").asInt()).isEqualTo(14272);
	}

	@Test
	void transientErrorsAreRetriedWithBackoff() throws IOException {
		try (CallbackCounter callbacks = new CallbackCounter()) {
			// a webhook, so that each status is written to the event log, where a
			// retry's duplicate would show
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + callbacks.url() + "\"");
			String id = bot.send("whatsapp", "919876543214", null);
			await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("READ"));
			assertThat(this.jdbc.queryForObject(
					"select count(*) from status_event where notification_id = ?::uuid and status = 'DELIVERED_CHANNEL'",
					Long.class, id))
				.isEqualTo(1);
		}
	}

	@Test
	void replyIsKeptWithTheNotification() {
		TestBot bot = this.client.newBot(null);
		String id = bot.send("whatsapp", "919876543213", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("REPLY"));
		JsonNode events = bot.get("/v1/bots/" + bot.id() + "/notifications/" + id + "/events").json();
		assertThat(events.get("events").get(4).get("reply").asString()).isEqualTo("Hello");
		assertThat(events.get("repliedAt").isNull()).isFalse();
	}

	@Test
	void rollupsCountWhatTheTableHolds() {
		TestBot bot = this.client.newBot(null);
		for (int i = 0; i < 30; i++) {
			bot.send((i % 3 == 0) ? "sms" : "whatsapp", "91987654321" + (i % 10), null);
		}
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and due_at is not null", Long.class,
					bot.id()) == 0);
		Map<String, Object> table = this.jdbc.queryForMap("""
				select count(*) as accepted, count(sent_at) as sent,
				  count(*) filter (where status = 'CREATED') as in_created,
				  count(*) filter (where status = 'DELIVERED_CHANNEL') as in_delivered_channel,
				  count(*) filter (where status = 'DELIVERED_USER') as in_delivered_user,
				  count(*) filter (where status = 'READ') as in_read,
				  count(*) filter (where status = 'REPLY') as in_reply,
				  count(*) filter (where status = 'FAILED') as in_failed,
				  count(*) filter (where failure_kind = 'ABSENT') as failed_absent,
				  count(delivery_user_at) as delivery_count
				from notification where bot_id = ?""", bot.id());
		Map<String, Object> rollup = this.jdbc.queryForMap("""
				select sum(accepted) as accepted, sum(sent) as sent, sum(in_created) as in_created,
				  sum(in_delivered_channel) as in_delivered_channel, sum(in_delivered_user) as in_delivered_user,
				  sum(in_read) as in_read, sum(in_reply) as in_reply, sum(in_failed) as in_failed,
				  sum(failed_absent) as failed_absent, sum(delivery_count) as delivery_count
				from notification_rollup where bot_id = ?""", bot.id());
		table.forEach((column, count) -> assertThat(((Number) rollup.get(column)).longValue()).as(column)
			.isEqualTo(((Number) count).longValue()));
		assertThat(((Number) table.get("accepted")).longValue()).isEqualTo(30);
		assertThat(((Number) table.get("in_failed")).longValue()).isEqualTo(3);
	}

}
