package io.tidings.receipt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tidings.channel.ProviderReceipt;
import io.tidings.common.Status;
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
	void receiptsForUnknownMessagesChangeNothing() {
		TestBot bot = this.client.newBot(null);
		this.receipts
			.accept(List.of(new ProviderReceipt(bot.id(), "nobody", Status.FAILED, Instant.now(), null, null, null)));
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isZero();
	}

}
