package io.tidings.dispatch;

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
 * The service as its own process, killed with SIGKILL while it sends, applies statuses
 * and calls back, then started again on the same data: every message answered 202 reaches
 * its final status and every status change is called back at least once.
 */
class KillNineIntegrationTests {

	private static final String ADMIN = "ta_kill_nine_0123456789abcdefghijklmnopqrstuv";

	private static final Pattern MSG_ID = Pattern.compile("\"msgId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private Process service;

	private HttpServer receiver;

	@AfterEach
	void stop() throws Exception {
		if (this.service != null) {
			this.service.destroy();
			this.service.waitFor();
		}
		if (this.receiver != null) {
			this.receiver.stop(0);
		}
	}

	@Test
	void killedMidSendMidStatusAndMidCallbackLosesNothing() throws Exception {
		Path data = Files.createTempDirectory("tidings-kill9");
		Path log = data.resolveSibling(data.getFileName() + ".log");
		int port = freePort();
		Map<String, Set<String>> calledBack = new ConcurrentHashMap<>();
		AtomicInteger callbacks = new AtomicInteger();
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		this.receiver.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Matcher id = MSG_ID.matcher(body);
			Matcher status = STATUS.matcher(body);
			if (id.find() && status.find()) {
				calledBack.computeIfAbsent(id.group(1), (k) -> ConcurrentHashMap.newKeySet()).add(status.group(1));
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
		call("POST", base + "/v1/bots", ADMIN,
				"{\"botId\":\"k9\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"" + hook + "\"}");
		call("PUT", base + "/v1/bots/k9/channels/whatsapp", ADMIN, "{\"provider\":\"simulator\"}");
		call("POST", base + "/v1/bots/k9/templates", ADMIN,
				"{\"name\":\"hello\",\"channel\":\"whatsapp\",\"language\":\"en\",\"body\":\"Hello {{1}}\",\"status\":\"APPROVED\"}");
		String key = field(call("POST", base + "/v1/bots/k9/keys", ADMIN, "{\"name\":\"k\"}"), "key");

		// eight clients push until the process dies under them
		Set<String> accepted = ConcurrentHashMap.newKeySet();
		AtomicBoolean pushing = new AtomicBoolean(true);
		AtomicInteger next = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		for (int c = 0; c < 8; c++) {
			clients.submit(() -> {
				while (pushing.get()) {
					int n = next.incrementAndGet();
					String body = "{\"userDetails\":{\"number\":\"9198" + String.format("%07d", n) + "5\"},"
							+ "\"notification\":{\"type\":\"whatsapp\",\"templateId\":\"hello\",\"params\":{\"1\":\"K\"}}}";
					try {
						HttpResponse<String> response = this.http.send(HttpRequest
							.newBuilder(URI.create(base + "/api/engagements/notifications/v2/push?bot=k9"))
							.header("x-api-key", key)
							.header("Content-Type", "application/json")
							.timeout(Duration.ofSeconds(10))
							.POST(HttpRequest.BodyPublishers.ofString(body))
							.build(), HttpResponse.BodyHandlers.ofString());
						Matcher id = MSG_ID.matcher(response.body());
						if (response.statusCode() == 202 && id.find()) {
							accepted.add(id.group(1));
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
		// kill it while messages are being accepted, sent, moved through their statuses
		// and
		// called back
		await().atMost(Duration.ofSeconds(120)).until(() -> accepted.size() >= 200 && callbacks.get() >= 100);
		this.service.destroyForcibly().waitFor();
		pushing.set(false);
		clients.shutdown();
		clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
		List<String> answered = new ArrayList<>(accepted);

		this.service = start(data, port, log);
		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> answered.stream()
				.allMatch((id) -> calledBack.getOrDefault(id, Set.of())
					.containsAll(Set.of("queued", "sent", "delivered", "read"))));
		for (String id : answered.subList(0, Math.min(50, answered.size()))) {
			assertThat(call("GET", base + "/v1/bots/k9/notifications/" + id, ADMIN, null))
				.contains("\"sentStatus\":\"READ\"");
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
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		Process process = builder.start();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
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

	private String call(String method, String url, String key, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("x-api-key", key)
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
