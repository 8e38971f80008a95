package io.tidings.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tidings.support.CrashingProviderFactory;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class CrashRecoveryIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	CrashingProviderFactory crashing;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DispatchProperties properties;

	@Test
	void leasesOfAWorkerThatDiedMidBatchAreReclaimedAndNothingIsLostOrSentTwice() {
		TestBot bot = this.client.newBot(null);
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/whatsapp", "{\"provider\":\"crashing\"}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(200);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(bot.send("whatsapp", "91987654321" + (i % 10), null));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and attempts = 1",
					Long.class, bot.id()) == 20);
		// all due at once: one worker claims them in one batch and hangs in the provider,
		// as good as dead
		this.clock.advance(Duration.ofSeconds(31));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.crashing.hanging() == 20);
		assertThat(countWhere(bot, "status = 'CREATED'")).isEqualTo(20);
		// its lease runs out; the other worker claims the jobs again and finishes them
		this.clock.advance(this.properties.lease().plusSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> countWhere(bot, "status = 'DELIVERED_USER'") == 20);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and due_at is not null",
				Long.class, bot.id()))
			.isZero();
		// the dead worker comes back to life: its stale results change nothing
		this.crashing.release();
		await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(countWhere(bot, "status = 'DELIVERED_USER'")).isEqualTo(20);
		assertThat(this.jdbc.queryForObject("""
				select count(*) from status_event e join notification n on n.id = e.notification_id
				where n.bot_id = ? and e.status = 'DELIVERED_CHANNEL'""", Long.class, bot.id())).isEqualTo(20);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and due_at is not null",
				Long.class, bot.id()))
			.isZero();
	}

	private long countWhere(TestBot bot, String condition) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and " + condition,
				Long.class, bot.id());
	}

}
