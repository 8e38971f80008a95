package io.tidings.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.tidings.support.CallbackCounter;
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
				Set<String> accepted = ConcurrentHashMap.newKeySet();
				AtomicBoolean pushing = new AtomicBoolean(true);
				AtomicInteger next = new AtomicInteger();
				ExecutorService clients = Executors.newFixedThreadPool(4);
				for (int c = 0; c < 4; c++) {
					clients.submit(() -> {
						while (pushing.get()) {
							try {
								String id = service.push("kgs", key, next.incrementAndGet());
								if (id != null) {
									accepted.add(id);
								}
							}
							catch (IOException ex) {
								// stopping or gone: keep trying until the test stops
								// pushing
							}
							catch (InterruptedException ex) {
								return;
							}
						}
					});
				}
				await().atMost(Duration.ofSeconds(180))
					.until(() -> accepted.size() >= 100 && receiver.callbacks() >= 50);
				int exit = service.terminate();
				pushing.set(false);
				clients.shutdown();
				assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

				List<String> stop = service.loggedByTheStop();
				assertThat(stop).as("the graceful shutdown in " + service.log()).isNotEmpty();
				assertThat(stop).as("what the stop logged (exit code %d)", exit).noneMatch(ServiceProcess::alarming);
				assertThat(exit).as("exit code").isIn(0, 143);
			}
		}
	}

}
