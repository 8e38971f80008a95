package io.tidings.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tidings.support.CallbackCounter;
import io.tidings.support.Pushers;
import io.tidings.support.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

/**
 * The service with its streams on Kafka, in its own process, stopped with SIGTERM while
 * clients push and callbacks are relayed and consumed: the Kafka containers and the
 * workers stop before the embedded database, so the stop logs no warning and no error.
 */
class KafkaGracefulShutdownIntegrationTests {

	private static final String ADMIN = "ta_kafka_graceful_0123456789abcdefghijklmnop";

	// the service's and the broker's data: kept when the test fails, with the service's
	// log
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	@Test
	void sigtermUnderLoadStopsTheKafkaContainersAndWorkersBeforeTheDatabaseWithoutAWarning() throws Exception {
		Path data = this.dir.resolve("data");
		try (KafkaBrokerProcess broker = new KafkaBrokerProcess(Files.createDirectories(this.dir.resolve("kafka")));
				CallbackCounter receiver = new CallbackCounter()) {
			broker.start();
			try (ServiceProcess service = new ServiceProcess(data, ADMIN, Map.of("TIDINGS_DATABASE_DURABLE", "false",
					"TIDINGS_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "TIDINGS_KAFKA_PARTITIONS", "4"))) {
				service.start(Duration.ofSeconds(240));
				String key = service.botOnSimulator("kgs", receiver.url());
				Pushers clients = Pushers.start(service, "kgs", key, 4);
				await().atMost(Duration.ofSeconds(180))
					.until(() -> clients.accepted().size() >= 100 && receiver.callbacks() >= 50);
				int exit = service.terminate();
				assertThat(clients.stop()).isTrue();

				List<String> stop = service.loggedByTheStop();
				assertThat(stop).as("the graceful shutdown in " + service.log()).isNotEmpty();
				assertThat(stop).as("what the stop logged (exit code %d)", exit).noneMatch(ServiceProcess::alarming);
				assertThat(exit).as("exit code").isIn(0, 143);
			}
		}
	}

}
