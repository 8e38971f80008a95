package io.tidings.dispatch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tidings.support.CallbackCounter;
import io.tidings.support.CrashingProviderFactory;
import io.tidings.support.HoldingProviderFactory;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
	HoldingProviderFactory holding;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DispatchProperties properties;

	@Test
	void leasesOfAWorkerThatDiedMidBatchAreReclaimedAndNothingIsLostOrSentTwice() {
		this.crashing.arm();
		// a webhook, so that each status is written to the event log, where its
		// duplicates would show
		TestBot bot = this.client.newBot("\"postbackUrl\":\"" + this.callbacks.url() + "\"");
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/whatsapp", "{\"provider\":\"crashing\"}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(200);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(bot.send("whatsapp", "91987654321" + (i % 10), null));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and attempts = 1",
					Long.class, bot.id()) == 20);
		// all due at once: a worker claims them (or both workers, half each) and one
		// send hangs in the provider, its worker as good as dead with its whole batch
		this.clock.advance(Duration.ofSeconds(31));
		String next;
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.crashing.hung() != null);
			String hung = this.crashing.hung().toString();
			assertThat(ids).contains(hung);
			assertThat(
					this.jdbc.queryForObject("select status from notification where id = ?::uuid", String.class, hung))
				.isEqualTo("CREATED");
			// its lease runs out; the other worker claims the dead one's batch again and
			// finishes it
			this.clock.advance(this.properties.lease().plusSeconds(1));
			await().atMost(Duration.ofSeconds(20)).until(() -> countWhere(bot, "status = 'DELIVERED_USER'") == 20);
			assertThat(this.jdbc.queryForObject(
					"select count(*) from notification where bot_id = ? and due_at is not null", Long.class, bot.id()))
				.isZero();
			// the other workers are held in a provider, so the next message waits for the
			// dead one, which takes it only once it has recorded its stale batch
			holdEveryWorkerButTheDeadOne();
			next = this.client.newBot(null).send("whatsapp", "919876543211", null);
		}
		finally {
			// the dead worker comes back to life (and is not left hanging for the tests
			// after this one, should it fail)
			this.crashing.release();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> !status(next).equals("CREATED"));
		// its stale results change nothing
		assertThat(countWhere(bot, "status = 'DELIVERED_USER'")).isEqualTo(20);
		assertThat(this.jdbc.queryForObject("""
				select count(*) from status_event e join notification n on n.id = e.notification_id
				where n.bot_id = ? and e.status = 'DELIVERED_CHANNEL'""", Long.class, bot.id())).isEqualTo(20);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and due_at is not null",
				Long.class, bot.id()))
			.isZero();
	}

	private CallbackCounter callbacks;

	@BeforeEach
	void listen() throws IOException {
		this.callbacks = new CallbackCounter();
	}

	@AfterEach
	void letGo() {
		this.holding.release();
		this.callbacks.close();
	}

	private void holdEveryWorkerButTheDeadOne() {
		TestBot held = this.client.newBot(null);
		this.client
			.put("/v1/bots/" + held.id() + "/channels/whatsapp", "{\"provider\":\"holding\"}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(200);
		this.holding.hold();
		for (int i = 1; i < this.properties.workers(); i++) {
			held.send("whatsapp", "91987654323" + i, null);
			int now = i;
			await().atMost(Duration.ofSeconds(20)).until(() -> this.holding.held() == now);
		}
	}

	private String status(String id) {
		return this.jdbc.queryForObject("select status from notification where id = ?::uuid", String.class, id);
	}

	private long countWhere(TestBot bot, String condition) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and " + condition,
				Long.class, bot.id());
	}

}
