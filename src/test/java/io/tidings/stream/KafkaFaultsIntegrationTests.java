package io.tidings.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.tidings.support.CallbackCounter;
import io.tidings.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka mode under faults, with the service and the broker as their own processes:
 * the service is killed with SIGKILL while it relays and calls back, started again, and
 * the broker is stopped and started again while clients keep pushing. Every message
 * answered 202 reaches its final status and every status change is called back (0 lost);
 * the duplicated callbacks are counted and stay within what was in flight.
 */
class KafkaFaultsIntegrationTests {

	private static final String ADMIN = "ta_kafka_faults_0123456789abcdefghijklmnopq";

	private static final Set<String> ALL = Set.of("queued", "sent", "delivered", "read");

	/** Callbacks a consumer takes at once, and consumers per instance. */
	private static final int BATCH = 50;

	private static final int CONSUMERS = 2;

	private ServiceProcess service;

	private CallbackCounter receiver;

	private KafkaBrokerProcess broker;

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean pushing = new AtomicBoolean();

	private final AtomicInteger next = new AtomicInteger();

	// how many more pushes the clients may send: each phase allows a bounded number, so
	// that the drain after the faults stays short
	private final Semaphore permits = new Semaphore(0);

	private ExecutorService clients;

	// the service's and the broker's data: kept when the test fails, with the service's
	// log
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	@AfterEach
	void stop() throws Exception {
		stopPushing();
		if (this.service != null) {
			this.service.close();
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	@Test
	void killedInstanceAndRestartedBrokerLoseNoCallback() throws Exception {
		Path data = this.dir.resolve("data");
		this.broker = new KafkaBrokerProcess(
				Files.createDirectories(data.resolveSibling(data.getFileName() + "-kafka")));
		this.broker.start();
		this.receiver = new CallbackCounter();
		this.service = new ServiceProcess(data, ADMIN,
				Map.of("TIDINGS_KAFKA_BOOTSTRAP_SERVERS", this.broker.bootstrapServers(), "TIDINGS_KAFKA_PARTITIONS",
						"4", "TIDINGS_KAFKA_CALLBACK_CONSUMERS", Integer.toString(CONSUMERS),
						"TIDINGS_KAFKA_CALLBACK_BATCH", Integer.toString(BATCH), "TIDINGS_KAFKA_SEND_TIMEOUT", "5s"));
		this.service.start(Duration.ofSeconds(240));
		String key = this.service.botOnSimulator("kf", this.receiver.url());

		// 1. SIGKILL while messages are accepted, relayed and called back
		this.permits.release(400);
		push(key);
		await().atMost(Duration.ofSeconds(240))
			.until(() -> this.accepted.size() >= 80 && this.receiver.callbacks() >= 40);
		this.service.kill();
		stopPushing();
		int beforeKill = this.receiver.callbacks();
		this.service.start(Duration.ofSeconds(240));

		// 2. the broker stops and starts again while clients push: accepts go on (the
		// outbox is in PostgreSQL), callbacks resume once it is back
		this.permits.drainPermits();
		this.permits.release(100);
		push(key);
		await().atMost(Duration.ofSeconds(180)).until(() -> this.receiver.callbacks() >= beforeKill + 40);
		this.broker.stop();
		int acceptedBeforeOutage = this.accepted.size();
		this.permits.release(150);
		await().atMost(Duration.ofSeconds(180)).until(() -> this.accepted.size() >= acceptedBeforeOutage + 100);
		this.broker.start();
		int afterOutage = this.accepted.size();
		this.permits.release(60);
		await().atMost(Duration.ofSeconds(180)).until(() -> this.accepted.size() >= afterOutage + 40);
		stopPushing();
		List<String> answered = new ArrayList<>(this.accepted);

		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> answered.stream().allMatch((id) -> this.receiver.calledBack(id, ALL)));
		long lost = answered.stream().mapToLong((id) -> this.receiver.missing(id, ALL)).sum();
		long duplicates = this.receiver.duplicates();
		System.out.printf("KAFKA-FAULTS accepted=%d callbacks=%d lost=%d duplicated=%d%n", answered.size(),
				this.receiver.callbacks(), lost, duplicates);
		assertThat(lost).isZero();
		// at most what the consumers held uncommitted at the kill, and what the relay
		// had published unacknowledged when the broker went away
		assertThat(duplicates).isLessThanOrEqualTo(2L * CONSUMERS * BATCH * 4);
		for (String id : answered.subList(0, Math.min(20, answered.size()))) {
			assertThat(this.service.call("GET", "/v1/bots/kf/notifications/" + id, null))
				.contains("\"sentStatus\":\"READ\"");
		}
		// first attempts went through the dispatch group (this process's, since the
		// restart), and what the killed one's consumers held or the outage kept from them
		// was sent all the same
		String metrics = this.service.call("GET", "/actuator/prometheus", null);
		java.util.regex.Matcher claimed = java.util.regex.Pattern
			.compile("(?m)^tidings_kafka_dispatch_claimed_total(?:\\{[^}]*\\})? ([0-9.E]+)$")
			.matcher(metrics);
		assertThat(claimed.find()).as("tidings_kafka_dispatch_claimed_total").isTrue();
		System.out.printf("KAFKA-FAULTS dispatched through the group since the restart: %s%n", claimed.group(1));
		assertThat(Double.parseDouble(claimed.group(1))).isPositive();
	}

	private void push(String key) {
		this.pushing.set(true);
		this.clients = Executors.newFixedThreadPool(2);
		for (int c = 0; c < 2; c++) {
			this.clients.submit(() -> {
				while (this.pushing.get()) {
					try {
						if (!this.permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
							continue;
						}
						String id = this.service.push("kf", key, this.next.incrementAndGet());
						if (id != null) {
							this.accepted.add(id);
						}
					}
					catch (IOException ex) {
						// the process is gone: keep trying until the test stops pushing
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
		}
	}

	private void stopPushing() throws InterruptedException {
		this.pushing.set(false);
		if (this.clients != null) {
			this.clients.shutdown();
			this.clients.awaitTermination(30, TimeUnit.SECONDS);
			this.clients = null;
		}
	}

}
