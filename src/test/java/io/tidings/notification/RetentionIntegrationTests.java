package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code retentionDays} is enforced: a bot's notifications older than it go with their
 * events and webhook deliveries, in bounded batches while sends go on; rollups stay.
 */
@IntegrationTest
class RetentionIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	RetentionPurge purge;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Test
	void notificationsPastRetentionAreDeletedWithTheirEventsAndDeliveriesWhileSendsContinue() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot shortLived = this.client.newBot("\"retentionDays\":1,\"postbackUrl\":\"" + receiver.url() + "\"");
			TestBot kept = this.client.newBot(null);
			// callbacks that succeed at once leave no row: the first three fail, so the
			// bot has
			// deliveries and attempts to delete
			receiver.failNext(500, 500, 500);
			List<String> old = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				old.add(shortLived.send("whatsapp", "91987654321" + (5 + i % 4), null));
			}
			String keptId = kept.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> count(
						"select count(*) from webhook_attempt a join webhook_delivery d on d.id = a.delivery_id"
								+ " where d.bot_id = ?",
						shortLived.id()) >= 3
						&& count("select count(*) from webhook_delivery where bot_id = ? and state = 'PENDING'",
								shortLived.id()) == 0
						&& count("select count(*) from status_event e join notification n on n.id = e.notification_id"
								+ " where n.bot_id = ? and e.status = 'READ'", shortLived.id()) >= 5);
			long rollupsBefore = count("select coalesce(sum(accepted), 0) from notification_rollup where bot_id = ?",
					shortLived.id());
			AtomicBoolean sending = new AtomicBoolean(true);
			List<Integer> concurrent = new CopyOnWriteArrayList<>();
			Thread sender = Thread.ofPlatform().start(() -> {
				while (sending.get() || concurrent.isEmpty()) {
					concurrent.add(kept.push("{\"userDetails\":{\"number\":\"919876543216\"},\"notification\":"
							+ "{\"type\":\"whatsapp\",\"templateId\":\"welcome\",\"params\":{\"1\":\"A\",\"2\":\"B\"}}}")
						.status());
				}
			});
			long deleted;
			try {
				deleted = this.purge.purge(this.clock.instant().plus(Duration.ofDays(2))).deleted();
			}
			finally {
				sending.set(false);
				sender.join();
			}
			assertThat(deleted).isGreaterThanOrEqualTo(5);
			assertThat(count("select count(*) from notification where bot_id = ?", shortLived.id())).isZero();
			for (String id : old) {
				assertThat(count("select count(*) from status_event where notification_id = ?::uuid", id)).isZero();
				assertThat(count("select count(*) from webhook_delivery where notification_id = ?::uuid", id)).isZero();
			}
			assertThat(count(
					"select count(*) from webhook_attempt a where not exists"
							+ " (select 1 from webhook_delivery d where d.id = a.delivery_id)"
							+ " and a.delivery_id in (select id from webhook_delivery where bot_id = ?)",
					shortLived.id()))
				.isZero();
			assertThat(count("select count(*) from webhook_delivery where bot_id = ?", shortLived.id())).isZero();
			assertThat(count("select coalesce(sum(accepted), 0) from notification_rollup where bot_id = ?",
					shortLived.id()))
				.isEqualTo(rollupsBefore)
				.isEqualTo(5);
			assertThat(count("select count(*) from notification where id = ?::uuid", keptId)).isOne();
			assertThat(concurrent).isNotEmpty().containsOnly(202);
			assertThat(this.purge.purge(Instant.now().minus(Duration.ofDays(3650))).deleted()).isZero();
		}
	}

	private long count(String sql, Object... args) {
		Long value = this.jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

}
