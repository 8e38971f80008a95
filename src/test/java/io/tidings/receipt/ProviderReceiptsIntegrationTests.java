package io.tidings.receipt;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.tidings.channel.ProviderReceipt;
import io.tidings.common.Status;
import io.tidings.notification.StatusUpdate;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class ProviderReceiptsIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	ProviderReceipts receipts;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void receiptThatOvertakesTheRecordedProviderIdIsAppliedOnceTheIdIsKnown() {
		TestBot bot = this.client.newBot(null);
		String id = bot.send("whatsapp", "919876543211", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		this.receipts.accept(List
			.of(new ProviderReceipt(bot.id(), "smsc-early-1", Status.DELIVERED_USER, Instant.now(), null, null, null)));
		assertThat(bot.status(id)).isEqualTo("DELIVERED_CHANNEL");
		// the dispatcher's commit that records the provider's id lands after the receipt
		this.jdbc.update("update notification set internal_id = 'smsc-early-1' where id = ?::uuid", id);
		await().atMost(Duration.ofSeconds(5)).until(() -> bot.status(id).equals("DELIVERED_USER"));
	}

	@Test
	void receiptsNameNotificationsOfTheLastWeekAndOfOlderDaysAlike() {
		// the provider ids are looked for among the last week's notifications first, then
		// among all for those not found: a late read receipt names one of days ago
		TestBot bot = this.client.newBot(null);
		String recent = bot.send("whatsapp", "919876543212", null);
		String older = bot.send("whatsapp", "919876543213", null);
		LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(30);
		for (String table : List.of("notification", "status_event", "webhook_delivery", "webhook_attempt")) {
			this.jdbc.queryForObject("select tidings_ensure_partition(?, ?::timestamptz, ?::timestamptz)",
					Integer.class, table, day.atStartOfDay(ZoneOffset.UTC).toString(),
					day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toString());
		}
		long millis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 3_600_000;
		UUID olderId = UUID.fromString(older);
		UUID moved = new UUID((millis << 16) | (olderId.getMostSignificantBits() & 0xFFFFL),
				olderId.getLeastSignificantBits());
		String suffix = "-" + UUID.randomUUID();
		this.jdbc.update("update notification set internal_id = ? where id = ?::uuid", "recent" + suffix, recent);
		this.jdbc.update("update notification set internal_id = ?, id = ? where id = ?::uuid", "older" + suffix, moved,
				older);

		List<StatusUpdate> updates = this.receipts.updates(List.of(
				new ProviderReceipt(bot.id(), "recent" + suffix, Status.READ, Instant.now(), null, null, null),
				new ProviderReceipt(bot.id(), "older" + suffix, Status.READ, Instant.now(), null, null, null),
				new ProviderReceipt(bot.id(), "nobody" + suffix, Status.READ, Instant.now(), null, null, null)));

		assertThat(updates).extracting(StatusUpdate::notificationId)
			.containsExactlyInAnyOrder(UUID.fromString(recent), moved);
	}

	@Test
	void receiptsForUnknownMessagesChangeNothing() {
		TestBot bot = this.client.newBot(null);
		this.receipts
			.accept(List.of(new ProviderReceipt(bot.id(), "nobody", Status.FAILED, Instant.now(), null, null, null)));
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isZero();
	}

}
