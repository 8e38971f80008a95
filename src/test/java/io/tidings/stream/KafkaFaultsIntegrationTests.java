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

import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tidings.support.CallbackCounter;
import io.tidings.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka mode under faults, with the service and the broker as their own processes:
 * the service is killed with SIGKILL while it relays and calls back, started again, and
 * the broker is stopped and started again while clients keep pushing. Every message
 * answered 202 reaches its final status and every status change is called back (0 lost);
 * the duplicated callbacks are counted and stay within what was in flight. Every other
 * message goes to a WhatsApp Cloud peer (WireMock on loopback) that counts the requests
 * each recipient got: every accepted message sent (0 lost), the duplicated sends within
 * what the dispatch consumers had claimed.
 */
class KafkaFaultsIntegrationTests {

	private static final String ADMIN = "ta_kafka_faults_0123456789abcdefghijklmnopq";

	private static final Set<String> ALL = Set.of("queued", "sent", "delivered", "read");

	/** What a message on the WhatsApp Cloud peer is called back with (no receipts). */
	private static final Set<String> SENT = Set.of("queued", "sent");

	private static final String MESSAGES = "/v21.0/3066/messages";

	/** Callbacks a consumer takes at once, and consumers per instance. */
	private static final int BATCH = 50;

	private static final int CONSUMERS = 2;

	private ServiceProcess service;

	private CallbackCounter receiver;

	private KafkaBrokerProcess broker;

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	// the messages accepted for the peer's bot: msgId to recipient
	private final Map<String, String> toPeer = new ConcurrentHashMap<>();

	private WireMockServer peer;

	// every recipient pushed to the peer's bot, answered or not
	private final Set<String> pushedToPeer = ConcurrentHashMap.newKeySet();

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
		if (this.peer != null) {
			this.peer.stop();
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
						"TIDINGS_KAFKA_CALLBACK_BATCH", Integer.toString(BATCH), "TIDINGS_KAFKA_DISPATCH_CONSUMERS",
						Integer.toString(CONSUMERS), "TIDINGS_KAFKA_DISPATCH_BATCH", Integer.toString(BATCH),
						"TIDINGS_KAFKA_SEND_TIMEOUT", "5s"));
		this.service.start(Duration.ofSeconds(240));
		String key = this.service.botOnSimulator("kf", this.receiver.url());
		this.peer = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		this.peer.start();
		this.peer.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"messages\":[{\"id\":\"wamid.FAULTS\"}]}")));
		String peerKey = botOnPeer("kp");
		String[] keys = { key, peerKey };

		// 1. SIGKILL while messages are accepted, relayed and called back
		this.permits.release(400);
		push(keys);
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
		push(keys);
		await().atMost(Duration.ofSeconds(180)).until(() -> this.receiver.callbacks() >= beforeKill + 40);
		this.broker.stop();
		int acceptedBeforeOutage = this.accepted.size();
		this.permits.release(150);
		await().atMost(Duration.ofSeconds(180)).until(() -> this.accepted.size() >= acceptedBeforeOutage + 100);
		this.broker.start();
		int afterOutage = this.accepted.size();
		this.permits.release(60);
		await().atMost(Duration.ofSeconds(180)).until(() -> this.accepted.size() >= afterOutage + 40);
		// first attempts go through the dispatch group again: the restarted process's
		// consumers get partitions only once the group has let the killed process's
		// members go (their session ends), so a few pushes at a time go on until they
		// have claimed some (before that, the table's claims send them)
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (this.permits.availablePermits() == 0) {
				this.permits.release(2);
			}
			return dispatchClaimed() > 0;
		});
		stopPushing();
		List<String> answered = new ArrayList<>(this.accepted);

		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> answered.stream().allMatch((id) -> this.receiver.calledBack(id, expected(id))));
		long lost = answered.stream().mapToLong((id) -> this.receiver.missing(id, expected(id))).sum();
		long duplicates = this.receiver.duplicates();
		// the peer's count of requests per recipient, once every message there is sent
		Map<String, Long> sends = this.peer.findAll(postRequestedFor(urlEqualTo(MESSAGES)))
			.stream()
			.map((request) -> recipient(request.getBodyAsString()))
			.collect(Collectors.groupingBy((to) -> to, Collectors.counting()));
		long sendsLost = this.toPeer.values().stream().filter((to) -> !sends.containsKey(to)).count();
		// over every recipient the peer saw: a push whose 202 the kill cut off may have
		// been stored and sent too
		long sendsDuplicated = sends.values().stream().mapToLong((count) -> count - 1).sum();
		System.out.printf(
				"KAFKA-FAULTS accepted=%d callbacks=%d lost=%d duplicated=%d sends=%d sends_lost=%d sends_duplicated=%d%n",
				answered.size(), this.receiver.callbacks(), lost, duplicates, this.toPeer.size(), sendsLost,
				sendsDuplicated);
		assertThat(lost).isZero();
		// at most what the consumers held uncommitted at the kill, and what the relay
		// had published unacknowledged when the broker went away
		assertThat(duplicates).isLessThanOrEqualTo(2L * CONSUMERS * BATCH * 4);
		assertThat(this.toPeer).hasSizeGreaterThan(100);
		assertThat(sendsLost).isZero();
		// nothing that was not pushed: every request is for a push to the peer's bot
		assertThat(this.pushedToPeer).containsAll(sends.keySet());
		// a resend is a message the killed instance's dispatch consumers had claimed and
		// sent but not recorded: at most a batch per consumer
		assertThat(sendsDuplicated).isLessThanOrEqualTo((long) CONSUMERS * BATCH);
		for (String id : answered.subList(0, Math.min(20, answered.size()))) {
			boolean peer = this.toPeer.containsKey(id);
			assertThat(this.service.call("GET", "/v1/bots/" + (peer ? "kp" : "kf") + "/notifications/" + id, null))
				.contains(peer ? "\"sentStatus\":\"DELIVERED_CHANNEL\"" : "\"sentStatus\":\"READ\"");
		}
		// first attempts went through the dispatch group (this process's, since the
		// restart), and what the killed one's consumers held or the outage kept from them
		// was sent all the same
		double claimed = dispatchClaimed();
		System.out.printf("KAFKA-FAULTS dispatched through the group since the restart: %s%n", claimed);
		assertThat(claimed).isPositive();
	}

	/**
	 * First attempts the service's Kafka dispatch consumers have claimed since it
	 * started.
	 */
	private double dispatchClaimed() throws Exception {
		String metrics = this.service.call("GET", "/actuator/prometheus", null);
		java.util.regex.Matcher claimed = java.util.regex.Pattern
			.compile("(?m)^tidings_kafka_dispatch_claimed_total(?:\\{[^}]*\\})? ([0-9.E]+)$")
			.matcher(metrics);
		assertThat(claimed.find()).as("tidings_kafka_dispatch_claimed_total").isTrue();
		return Double.parseDouble(claimed.group(1));
	}

	private Set<String> expected(String id) {
		return this.toPeer.containsKey(id) ? SENT : ALL;
	}

	private static String recipient(String body) {
		java.util.regex.Matcher to = java.util.regex.Pattern.compile("\"to\"\\s*:\\s*\"\\+?([0-9]+)\"").matcher(body);
		assertThat(to.find()).as(body).isTrue();
		return to.group(1);
	}

	/**
	 * A bot on the WhatsApp Cloud peer, with the same template and callbacks as the
	 * simulator's bot; returns its API key.
	 */
	private String botOnPeer(String botId) throws Exception {
		this.service.call("POST", "/v1/bots", "{\"botId\":\"" + botId
				+ "\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"" + this.receiver.url() + "\"}");
		this.service.call("POST", "/v1/bots/" + botId + "/templates",
				"{\"name\":\"hello\",\"channel\":\"whatsapp\",\"language\":\"en\",\"body\":\"Hello {{1}}\",\"status\":\"APPROVED\"}");
		this.service.call("PUT", "/v1/bots/" + botId + "/channels/whatsapp",
				"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"3066\",\"accessToken\":\"EAAG-token\","
						+ "\"appSecret\":\"faults-secret\",\"verifyToken\":\"let-me-in\",\"messagesPerSecond\":1000,"
						+ "\"baseUrl\":\"" + this.peer.baseUrl() + "\"}");
		String created = this.service.call("POST", "/v1/bots/" + botId + "/keys", "{\"name\":\"k\"}");
		java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(created);
		assertThat(key.find()).isTrue();
		return key.group(1);
	}

	private void push(String[] keys) {
		this.pushing.set(true);
		this.clients = Executors.newFixedThreadPool(2);
		for (int c = 0; c < 2; c++) {
			this.clients.submit(() -> {
				while (this.pushing.get()) {
					try {
						if (!this.permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
							continue;
						}
						int n = this.next.incrementAndGet();
						boolean toPeer = n % 2 == 0;
						if (toPeer) {
							this.pushedToPeer.add(ServiceProcess.number(n));
						}
						String id = this.service.push(toPeer ? "kp" : "kf", keys[toPeer ? 1 : 0], n);
						if (id != null) {
							if (toPeer) {
								this.toPeer.put(id, ServiceProcess.number(n));
							}
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
