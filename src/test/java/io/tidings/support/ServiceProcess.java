package io.tidings.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as its own process on loopback, started from the test class path on a data
 * directory that outlives it (so it can be killed with SIGKILL and started again on the
 * same data), with a bot on the simulator and its clients' pushes.
 */
public final class ServiceProcess implements AutoCloseable {

	private static final Pattern MSG_ID = Pattern.compile("\"msgId\":\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Path data;

	private final Path log;

	private final String adminKey;

	private final Map<String, String> environment;

	private final int port;

	private Process process;

	/**
	 * @param environment settings beyond the data directory, port, admin key and the
	 * simulator's pace
	 */
	public ServiceProcess(Path data, String adminKey, Map<String, String> environment) throws IOException {
		this.data = data;
		this.log = data.resolveSibling(data.getFileName() + ".log");
		this.adminKey = adminKey;
		this.environment = environment;
		this.port = freePort();
	}

	/**
	 * Where the process writes its log (appended to by every start).
	 */
	public Path log() {
		return this.log;
	}

	/**
	 * SIGTERM, as an operator stops it, and waits until it exits.
	 * @return its exit code
	 */
	public int terminate() throws InterruptedException {
		this.process.destroy();
		return this.process.waitFor();
	}

	/**
	 * The lines logged from the graceful shutdown's start (empty when it did not start).
	 */
	public List<String> loggedByTheStop() throws IOException {
		List<String> lines = Files.readAllLines(this.log);
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains("Commencing graceful shutdown")) {
				return lines.subList(i, lines.size());
			}
		}
		return List.of();
	}

	/**
	 * Whether a logged line is a warning, an error or a stack trace.
	 */
	public static boolean alarming(String line) {
		return line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")
				|| line.startsWith("\tat ");
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Starts the process and returns once its health is UP.
	 */
	public void start(Duration within) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"io.tidings.TidingsApplication");
		Map<String, String> env = builder.environment();
		env.put("TIDINGS_DATA_DIR", this.data.toString());
		env.put("SERVER_PORT", Integer.toString(this.port));
		env.put("TIDINGS_ADMIN_KEY", this.adminKey);
		env.put("TIDINGS_SIMULATOR_STEP_DELAY", "50ms");
		env.put("TIDINGS_DEMO_ENABLED", "false");
		env.put("TIDINGS_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.0/8");
		env.putAll(this.environment);
		builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		Process started = builder.start();
		this.process = started;
		await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
			assertThat(started.isAlive()).as("the service is running; see " + this.log).isTrue();
			try {
				return this.http
					.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.ofString())
					.body()
					.contains("\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/**
	 * SIGKILL: no shutdown hook, nothing flushed.
	 */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	/**
	 * Creates a bot on the simulator whose callbacks go to {@code postbackUrl}, with an
	 * approved template {@code hello}, and returns its API key.
	 */
	public String botOnSimulator(String botId, String postbackUrl) throws Exception {
		call("POST", "/v1/bots", "{\"botId\":\"" + botId + "\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\""
				+ postbackUrl + "\"}");
		call("PUT", "/v1/bots/" + botId + "/channels/whatsapp", "{\"provider\":\"simulator\"}");
		call("POST", "/v1/bots/" + botId + "/templates",
				"{\"name\":\"hello\",\"channel\":\"whatsapp\",\"language\":\"en\",\"body\":\"Hello {{1}}\",\"status\":\"APPROVED\"}");
		return field(call("POST", "/v1/bots/" + botId + "/keys", "{\"name\":\"k\"}"), "key");
	}

	/**
	 * Pushes the n-th message with the bot's key.
	 * @return its msgId when answered 202, else null
	 * @throws IOException when the process does not answer (it is gone)
	 */
	public String push(String botId, String key, int n) throws IOException, InterruptedException {
		String body = "{\"userDetails\":{\"number\":\"" + number(n) + "\"},"
				+ "\"notification\":{\"type\":\"whatsapp\",\"templateId\":\"hello\",\"params\":{\"1\":\"K\"}}}";
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/engagements/notifications/v2/push?bot=" + botId))
				.header("x-api-key", key)
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(10))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher id = MSG_ID.matcher(response.body());
		return (response.statusCode() == 202 && id.find()) ? id.group(1) : null;
	}

	/**
	 * The recipient of the n-th push.
	 */
	public static String number(int n) {
		return "9198" + String.format("%07d", n) + "5";
	}

	/**
	 * Calls the API with the admin key and expects a 2xx.
	 */
	public String call(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.header("x-api-key", this.adminKey)
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
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

	/**
	 * Stops the process the way an operator does (SIGTERM).
	 */
	@Override
	public void close() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			this.process.waitFor();
		}
	}

}
