package io.tidings.dispatch;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tidings.notification.Handoff;
import io.tidings.support.CallbackCounter;
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

/**
 * A push that may be sent at once is stored born claimed (the accepting instance's lease
 * in its {@code due_at}) and handed to the dispatch workers in memory: no claim update,
 * and the lease still protects it when its worker dies.
 */
@IntegrationTest
class HandoffIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	HoldingProviderFactory holding;

	@Autowired
	Handoff handoff;

	@Autowired
	Wakeup wakeup;

	@Autowired
	DispatchProperties properties;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

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

	@Test
	void aPushSentAtOnceIsStoredClaimedAndSentWithoutAClaimUpdate() {
		TestBot bot = holdingBot();
		this.holding.hold();
		String id = bot.send("whatsapp", "919876543210", null);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.holding.held() == 1);
		// in the provider, and the row untouched since the accept's transaction wrote it
		// with its CREATED event: no worker claimed it from the table
		assertThat(this.jdbc.queryForObject("""
				select n.xmin::text = e.xmin::text from notification n
				join status_event e on e.notification_id = n.id and e.status = 'CREATED' where n.id = ?::uuid""",
				Boolean.class, id))
			.isTrue();
		assertThat(this.jdbc.queryForObject("select attempts from notification where id = ?::uuid", Integer.class, id))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select due_at > created_at + ?::interval from notification where id = ?::uuid", Boolean.class,
				this.properties.lease().minusSeconds(1).toSeconds() + " seconds", id))
			.isTrue();
		this.holding.release();
		await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DELIVERED_USER"));
		assertThat(this.holding.attempts(id)).isEqualTo(1);
		assertThat(events(id, "DELIVERED_CHANNEL")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select due_at is null from notification where id = ?::uuid", Boolean.class,
				id))
			.isTrue();
	}

	@Test
	void aBornClaimedPushWhoseWorkerDiesIsSentByAnotherWhenTheLeaseEndsAndOnlyOnce() {
		TestBot bot = holdingBot();
		this.holding.hold();
		String id = bot.send("whatsapp", "919876543211", null);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.holding.held() == 1);
		// the worker holding it is as good as dead; its lease runs out and the other
		// worker
		// claims it from the table
		this.clock.advance(this.properties.lease().plusSeconds(1));
		await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DELIVERED_USER"));
		assertThat(this.holding.attempts(id)).isEqualTo(2);
		// the stuck worker comes back: its late outcome changes neither statuses nor
		// queue. The other workers are held in the provider first, so the next message
		// waits for the stuck one, which takes it only once it has recorded that outcome
		holdEveryWorkerButOne(bot, 1);
		String next = this.client.newBot(null).send("whatsapp", "919876543211", null);
		this.holding.release(id);
		await().atMost(Duration.ofSeconds(20)).until(() -> !status(next).equals("CREATED"));
		assertThat(status(id)).isEqualTo("DELIVERED_USER");
		assertThat(events(id, "DELIVERED_CHANNEL")).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select due_at is null from notification where id = ?::uuid", Boolean.class,
				id))
			.isTrue();
	}

	@Test
	void pushesWaitingInMemoryGoBackToTheTableQueueWhenDispatchStops() {
		TestBot bot = holdingBot();
		this.holding.hold();
		List<String> ids = new ArrayList<>();
		// both workers stuck in the provider, so the third waits in the hand-over; one
		// push at a time, each held before the next, so that no worker takes two of them
		// in
		// one batch (and leaves the other worker free to take the third)
		for (int i = 0; i < this.properties.workers(); i++) {
			ids.add(bot.send("whatsapp", "91987654322" + i, null));
			int held = i + 1;
			await().atMost(Duration.ofSeconds(20)).until(() -> this.holding.held() == held);
		}
		String waiting = bot.send("whatsapp", "919876543229", null);
		assertThat(this.jdbc.queryForObject(
				"select due_at > now() + interval '10 seconds' from notification" + " where id = ?::uuid",
				Boolean.class, waiting))
			.isTrue();
		this.handoff.close();
		try {
			// its claim undone: due now, no attempt counted
			assertThat(this.jdbc.queryForObject(
					"select due_at <= now() and attempts = 0 from notification where id = ?::uuid", Boolean.class,
					waiting))
				.isTrue();
		}
		finally {
			this.handoff.open(this.properties.lease(), this.properties.handoff(), this.wakeup::signal);
		}
		this.holding.release();
		ids.add(waiting);
		for (String id : ids) {
			await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("DELIVERED_USER"));
			assertThat(events(id, "DELIVERED_CHANNEL")).isEqualTo(1);
			assertThat(this.holding.attempts(id)).isEqualTo(1);
		}
	}

	/**
	 * Holds every worker but the one already held in the provider: each takes a push of
	 * the bot that waits there too.
	 * @param held how many first attempts wait in the provider already
	 */
	private void holdEveryWorkerButOne(TestBot bot, int held) {
		for (int i = 1; i < this.properties.workers(); i++) {
			bot.send("whatsapp", "91987654323" + i, null);
			int now = held + i;
			await().atMost(Duration.ofSeconds(20)).until(() -> this.holding.held() == now);
		}
	}

	/**
	 * A bot sending through the holding provider, with a webhook, so that each status is
	 * written to the event log, where its duplicates would show.
	 */
	private TestBot holdingBot() {
		TestBot bot = this.client.newBot("\"postbackUrl\":\"" + this.callbacks.url() + "\"");
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/whatsapp", "{\"provider\":\"holding\"}", "x-api-key",
					TidingsClient.ADMIN_KEY)
			.expect(200);
		return bot;
	}

	private String status(String id) {
		return this.jdbc.queryForObject("select status from notification where id = ?::uuid", String.class, id);
	}

	private long events(String id, String status) {
		return this.jdbc.queryForObject(
				"select count(*) from status_event where notification_id = ?::uuid and status = ?", Long.class, id,
				status);
	}

}
