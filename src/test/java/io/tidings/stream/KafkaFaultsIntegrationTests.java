package io.tidings.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

	private static final Pattern MSG_ID = Pattern.compile("\"msgId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

	private static final Set<String> ALL = Set.of("queued", "sent", "delivered", "read");

	/** Callbacks a consumer takes at once, and consumers per instance. */
	private static final int BATCH = 50;

	private static final int CONSUMERS = 2;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Process service;

	private HttpServer receiver;

	private KafkaBrokerProcess broker;

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean pushing = new AtomicBoolean();

	private final AtomicInteger next = new AtomicInteger();

	// how many more pushes the clients may send: each phase allows a bounded number, so
	// that the drain after the faults stays short
	private final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);

	private ExecutorService clients;

	@AfterEach
	void stop() throws Exception {
		stopPushing();
		if (this.service != null) {
			this.service.destroy();
			this.service.waitFor();
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	void killedInstanceAndRestartedBrokerLoseNoCallback() throws Exception {
		Path data = Files.createTempDirectory("tidings-kafka-faults");
		Path log = data.resolveSibling(data.getFileName() + ".log");
		this.broker = new KafkaBrokerProcess(
				Files.createDirectories(data.resolveSibling(data.getFileName() + "-kafka")));
		this.broker.start();
		int port = freePort();
		Map<String, AtomicInteger> calledBack = new ConcurrentHashMap<>();
		AtomicInteger callbacks = new AtomicInteger();
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		this.receiver.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Matcher id = MSG_ID.matcher(body);
			Matcher status = STATUS.matcher(body);
			if (id.find() && status.find()) {
				calledBack.computeIfAbsent(id.group(1) + " " + status.group(1), (k) -> new AtomicInteger())
					.incrementAndGet();
				callbacks.incrementAndGet();
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.receiver.setExecutor(Executors.newFixedThreadPool(4));
		this.receiver.start();
		String hook = "http://127.0.0.1:" + this.receiver.getAddress().getPort() + "/hook";

		this.service = start(data, port, log);
		String base = "http://127.0.0.1:" + port;
		call("POST", base + "/v1/bots",
				"{\"botId\":\"kf\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"" + hook + "\"}");
		call("PUT", base + "/v1/bots/kf/channels/whatsapp", "{\"provider\":\"simulator\"}");
		call("POST", base + "/v1/bots/kf/templates",
				"{\"name\":\"hello\",\"channel\":\"whatsapp\",\"language\":\"en\",\"body\":\"Hello {{1}}\",\"status\":\"APPROVED\"}");
		String key = field(call("POST", base + "/v1/bots/kf/keys", "{\"name\":\"k\"}"), "key");

		// 1. SIGKILL while messages are accepted, relayed and called back
		this.permits.release(400);
		push(base, key);
		await().atMost(Duration.ofSeconds(240)).until(() -> this.accepted.size() >= 80 && callbacks.get() >= 40);
		this.service.destroyForcibly().waitFor();
		stopPushing();
		int beforeKill = callbacks.get();
		this.service = start(data, port, log);

		// 2. the broker stops and starts again while clients push: accepts go on (the
		// outbox is in PostgreSQL), callbacks resume once it is back
		this.permits.drainPermits();
		this.permits.release(100);
		push(base, key);
		await().atMost(Duration.ofSeconds(180)).until(() -> callbacks.get() >= beforeKill + 40);
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
			.until(() -> answered.stream()
				.allMatch((id) -> ALL.stream().allMatch((s) -> calledBack.containsKey(id + " " + s))));
		long lost = answered.stream()
			.mapToLong((id) -> ALL.stream().filter((s) -> !calledBack.containsKey(id + " " + s)).count())
			.sum();
		long duplicates = calledBack.values().stream().mapToLong((n) -> n.get() - 1).sum();
		System.out.printf("KAFKA-FAULTS accepted=%d callbacks=%d lost=%d duplicated=%d%n", answered.size(),
				callbacks.get(), lost, duplicates);
		assertThat(lost).isZero();
		// at most what the consumers held uncommitted at the kill, and what the relay
		// had published unacknowledged when the broker went away
		assertThat(duplicates).isLessThanOrEqualTo(2L * CONSUMERS * BATCH * 4);
		for (String id : answered.subList(0, Math.min(20, answered.size()))) {
			assertThat(call("GET", base + "/v1/bots/kf/notifications/" + id, null)).contains("\"sentStatus\":\"READ\"");
		}
	}

	private void push(String base, String key) {
		this.pushing.set(true);
		this.clients = Executors.newFixedThreadPool(2);
		for (int c = 0; c < 2; c++) {
			this.clients.submit(() -> {
				while (this.pushing.get()) {
					try {
						if (!this.permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
							continue;
						}
					}
					catch (InterruptedException ex) {
						return;
					}
					int n = this.next.incrementAndGet();
					String body = "{\"userDetails\":{\"number\":\"9198" + String.format("%07d", n) + "5\"},"
							+ "\"notification\":{\"type\":\"whatsapp\",\"templateId\":\"hello\",\"params\":{\"1\":\"K\"}}}";
					try {
						HttpResponse<String> response = this.http.send(HttpRequest
							.newBuilder(URI.create(base + "/api/engagements/notifications/v2/push?bot=kf"))
							.header("x-api-key", key)
							.header("Content-Type", "application/json")
							.timeout(Duration.ofSeconds(10))
							.POST(HttpRequest.BodyPublishers.ofString(body))
							.build(), HttpResponse.BodyHandlers.ofString());
						Matcher id = MSG_ID.matcher(response.body());
						if (response.statusCode() == 202 && id.find()) {
							this.accepted.add(id.group(1));
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

	private Process start(Path data, int port, Path log) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"io.tidings.TidingsApplication");
		Map<String, String> env = builder.environment();
		env.put("TIDINGS_DATA_DIR", data.toString());
		env.put("SERVER_PORT", Integer.toString(port));
		env.put("TIDINGS_ADMIN_KEY", ADMIN);
		env.put("TIDINGS_SIMULATOR_STEP_DELAY", "50ms");
		env.put("TIDINGS_DEMO_ENABLED", "false");
		env.put("TIDINGS_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8");
		env.put("TIDINGS_KAFKA_BOOTSTRAP_SERVERS", this.broker.bootstrapServers());
		env.put("TIDINGS_KAFKA_PARTITIONS", "4");
		env.put("TIDINGS_KAFKA_CALLBACK_CONSUMERS", Integer.toString(CONSUMERS));
		env.put("TIDINGS_KAFKA_CALLBACK_BATCH", Integer.toString(BATCH));
		env.put("TIDINGS_KAFKA_SEND_TIMEOUT", "5s");
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		Process process = builder.start();
		await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(process.isAlive()).as("the service is running; see " + log).isTrue();
			try {
				return this.http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString())
					.body()
					.contains("\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
		});
		return process;
	}

	private String call(String method, String url, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("x-api-key", ADMIN)
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isBetween(200, 299);
		return response.body();
	}

	private static String field(String json, String name) {
		Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
		assertThat(m.find()).as(name + " in " + json).isTrue();
		return m.group(1);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
