package io.tidings.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.TidingsApplication;
import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.common.Status;
import io.tidings.support.PartitionProxy;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database that cannot be reached is not a poison record: the receipt consumers retry
 * their batch until PostgreSQL is back (far more often than a refused record is tried),
 * nothing goes to the dead-letter topic, and the receipt is applied once it is back. A
 * real KRaft broker, a real PostgreSQL behind a proxy that closes and refuses its
 * connections while it is down.
 */
class KafkaDatabaseDownIntegrationTests {

	@Test
	void receiptsWaitForADatabaseThatIsDownInsteadOfBeingDeadLettered() throws Exception {
		EmbeddedKafkaKraftBroker broker = EmbeddedBrokers.start();
		try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
				PartitionProxy proxy = new PartitionProxy(database.getPort())) {
			String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?reWriteBatchedInserts=true";
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TidingsApplication.class).run(
					"--spring.profiles.active=test", "--spring.datasource.url=" + url,
					"--spring.datasource.username=postgres", "--server.port=0", "--tidings.demo.enabled=false",
					"--tidings.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--tidings.kafka.partitions=2",
					"--logging.level.root=warn", "--logging.level.io.tidings=error",
					"--logging.level.io.tidings.stream=debug")) {
				TidingsClient client = new TidingsClient(context.getEnvironment(), Duration.ofMinutes(3));
				// straight to PostgreSQL, not through the proxy
				JdbcTemplate direct = new JdbcTemplate(database.getPostgresDatabase());
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				TestBot bot = client.newBot(null);
				// this number's simulated message stops at the channel: the receipt moves
				// it on
				String id = bot.send("whatsapp", "919876543221", null);
				await().atMost(Duration.ofSeconds(60)).until(() -> status(direct, id).equals("DELIVERED_CHANNEL"));
				direct.update("update notification set internal_id = 'smsc-db-down' where id = ?::uuid", id);

				proxy.down();
				// answered once Kafka has it, with the database unreachable
				context.getBean(ReceiptSink.class)
					.accept(List.of(new ProviderReceipt(bot.id(), "smsc-db-down", Status.DELIVERED_USER, Instant.now(),
							null, null, null)));
				// tried again and again: more often than a refused record before it is
				// dead-lettered
				await().atMost(Duration.ofMinutes(2))
					.until(() -> count(meters, "tidings.kafka.consumer.failures", "reason", "unavailable") >= 5);
				assertThat(status(direct, id)).isEqualTo("DELIVERED_CHANNEL");
				proxy.heal();

				await().atMost(Duration.ofMinutes(2)).until(() -> status(direct, id).equals("DELIVERED_USER"));
				assertThat(count(meters, "tidings.kafka.dead.letters", "topic", Streams.RECEIPTS)).isZero();
				assertThat(count(meters, "tidings.kafka.consumer.failures", "reason", "record")).isZero();
			}
		}
		finally {
			broker.destroy();
		}
	}

	private static String status(JdbcTemplate jdbc, String id) {
		return jdbc.queryForObject("select status from notification where id = ?::uuid", String.class, id);
	}

	private static double count(MeterRegistry meters, String name, String tag, String value) {
		return meters.find(name)
			.tag(tag, value)
			.counters()
			.stream()
			.filter((c) -> !name.equals("tidings.kafka.consumer.failures")
					|| "tidings-receipts".equals(c.getId().getTag("group")))
			.mapToDouble(Counter::count)
			.sum();
	}

}
