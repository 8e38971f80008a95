package io.tidings.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Drives the service's hot paths as a client would, through its HTTP API on loopback:
 * creates a bot whose callbacks go to a receiver of its own, sends
 * {@code tidings.training.messages} pushes (SMS and WhatsApp, through the simulator, from
 * {@code concurrency} clients that each wait for their answer), and waits until every
 * message is delivered and every status called back. The application then exits with
 * {@link #getExitCode()} ({@code TidingsApplication}).
 */
@Component
@Profile("training")
class TrainingRun implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

	static final String BOT = "training";

	/**
	 * Callbacks per message: queued, sent, delivered (numbers ending in 2, API.md §11).
	 */
	static final int CALLBACKS_PER_MESSAGE = 3;

	private final TrainingProperties properties;

	private final Environment environment;

	private final JsonMapper json;

	private volatile Outcome outcome;

	TrainingRun(TrainingProperties properties, Environment environment, JsonMapper json) {
		this.properties = properties;
		this.environment = environment;
		this.json = json;
	}

	/**
	 * What a run did.
	 *
	 * @param accepted pushes answered 202
	 * @param delivered messages that reached DELIVERED_USER
	 * @param callbacks callbacks the receiver got
	 * @param took from the first push until everything was delivered and called back
	 */
	record Outcome(int accepted, long delivered, long callbacks, Duration took) {
	}

	Outcome outcome() {
		return this.outcome;
	}

	@Override
	public int getExitCode() {
		Outcome done = this.outcome;
		int messages = this.properties.messages();
		return (done != null && done.accepted() == messages && done.delivered() >= messages
				&& done.callbacks() >= (long) messages * CALLBACKS_PER_MESSAGE) ? 0 : 1;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		int port = this.environment.getRequiredProperty("local.server.port", Integer.class);
		Instant deadline = Instant.now().plus(this.properties.timeout());
		try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				Receiver receiver = Receiver.start();
				ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			Api api = new Api(URI.create("http://127.0.0.1:" + port),
					this.environment.getRequiredProperty(TrainingEnvironment.ADMIN_KEY), this.json, http);
			String key = setUp(api, receiver.url());
			log.info("Training: {} pushes from {} clients", this.properties.messages(), this.properties.concurrency());
			Instant start = Instant.now();
			AtomicInteger next = new AtomicInteger();
			AtomicInteger accepted = new AtomicInteger();
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < this.properties.concurrency(); c++) {
				running.add(clients.submit(() -> {
					for (int i = next.getAndIncrement(); i < this.properties.messages(); i = next.getAndIncrement()) {
						if (api.push(key, i) == 202) {
							accepted.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
			log.info("Training: {} of {} pushes accepted in {}", accepted.get(), this.properties.messages(),
					Duration.between(start, Instant.now()));
			long delivered = 0;
			long wanted = (long) this.properties.messages() * CALLBACKS_PER_MESSAGE;
			while (Instant.now().isBefore(deadline)) {
				delivered = api.delivered();
				if (delivered >= this.properties.messages() && receiver.count() >= wanted) {
					break;
				}
				Thread.sleep(200);
			}
			this.outcome = new Outcome(accepted.get(), delivered, receiver.count(),
					Duration.between(start, Instant.now()));
			log.info("Training done: {}", this.outcome);
		}
	}

	private static String setUp(Api api, String postbackUrl) throws IOException, InterruptedException {
		api.admin("POST", "/v1/bots", """
				{"botId":"%s","name":"Training","rateLimitPerMinute":10000000,"webhookFormat":"yellow",\
				"postbackUrl":"%s"}""".formatted(BOT, postbackUrl));
		for (String channel : List.of("sms", "whatsapp")) {
			api.admin("PUT", "/v1/bots/" + BOT + "/channels/" + channel, "{\"provider\":\"simulator\"}");
		}
		api.admin("POST", "/v1/bots/" + BOT + "/templates", """
				{"name":"otp","channel":"sms","language":"en","category":"UTILITY",\
				"body":"Your verification code is {{1}}","status":"APPROVED"}""");
		api.admin("POST", "/v1/bots/" + BOT + "/templates", """
				{"name":"welcome","channel":"whatsapp","language":"en","category":"UTILITY",\
				"body":"Hello {{1}}, your order {{2}} is on its way.","status":"APPROVED"}""");
		return api.json(api.admin("POST", "/v1/bots/" + BOT + "/keys", "{\"name\":\"training\"}"))
			.get("key")
			.asString();
	}

	/** The service's API on loopback, as a client calls it. */
	private record Api(URI base, String adminKey, JsonMapper json, HttpClient http) {

		String admin(String method, String path, String body) throws IOException, InterruptedException {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.base.resolve(path))
				.header("x-api-key", this.adminKey)
				.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}

		/** One push; numbers end in 2: delivered to the user, on both channels. */
		int push(String key, int i) throws IOException, InterruptedException {
			String number = "919" + String.format("%08d", i % 100_000_000) + "2";
			String notification = (i % 2 == 0)
					? "{\"type\":\"sms\",\"templateId\":\"otp\",\"params\":{\"1\":\"" + (100000 + i % 900000) + "\"}}"
					: "{\"type\":\"whatsapp\",\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-" + i
							+ "\"}}";
			String body = "{\"userDetails\":{\"number\":\"" + number + "\"},\"notification\":" + notification
					+ ",\"config\":{\"customPayload\":{\"ref\":\"t-" + i + "\"}}}";
			return this.http
				.send(HttpRequest.newBuilder(this.base.resolve("/api/engagements/notifications/v2/push?bot=" + BOT))
					.header("x-api-key", key)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}

		long delivered() throws IOException, InterruptedException {
			JsonNode stats = json(admin("GET", "/v1/bots/" + BOT + "/notifications?limit=1", "")).path("_metadata")
				.path("stats");
			return stats.path("DELIVERED_USER").asLong(0);
		}

		JsonNode json(String body) {
			return this.json.readTree(body);
		}

	}

	/** Answers every callback 200 and counts them. */
	private record Receiver(HttpServer server, AtomicLong received, ExecutorService executor) implements AutoCloseable {

		static Receiver start() throws IOException {
			AtomicLong received = new AtomicLong();
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					body.transferTo(OutputStream.nullOutputStream());
				}
				received.incrementAndGet();
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
			server.setExecutor(executor);
			server.start();
			return new Receiver(server, received, executor);
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/callbacks";
		}

		long count() {
			return this.received.get();
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.executor.close();
		}

	}

}
