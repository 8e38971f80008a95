package io.tidings.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;

/**
 * Calls the running service over real HTTP, as a client would.
 */
public class TidingsClient {

	public static final String ADMIN_KEY = "test-admin-key";

	private static final AtomicInteger BOTS = new AtomicInteger();

	private final Environment environment;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final Duration timeout;

	public TidingsClient(Environment environment) {
		this(environment, Duration.ofSeconds(30));
	}

	/**
	 * @param timeout how long one request may take before the client gives up
	 */
	public TidingsClient(Environment environment, Duration timeout) {
		this.environment = environment;
		this.timeout = timeout;
	}

	public String baseUrl() {
		return "http://localhost:" + this.environment.getProperty("local.server.port");
	}

	public Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Response post(String path, String body, String... headers) {
		return send(request(path, withJson(headers)).POST(publisher(body)));
	}

	public Response put(String path, String body, String... headers) {
		return send(request(path, withJson(headers)).PUT(publisher(body)));
	}

	public Response patch(String path, String body, String... headers) {
		return send(request(path, withJson(headers)).method("PATCH", publisher(body)));
	}

	public Response delete(String path, String... headers) {
		return send(request(path, headers).DELETE());
	}

	/**
	 * Sends a request exactly as built, without adding a content type.
	 */
	public Response raw(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
		return send(request(path, headers).method(method, body));
	}

	public JsonNode json(String text) {
		return this.json.readTree(text);
	}

	public JsonMapper mapper() {
		return this.json;
	}

	/**
	 * A new bot with simulator channels, a {@code welcome} template per channel, a key, a
	 * generous rate limit, and the given settings merged in.
	 */
	public TestBot newBot(String extraSettings) {
		String id = "test_" + BOTS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
		// the service refuses duplicate keys: the default rate limit only when none is
		// given
		String rateLimit = (extraSettings != null && extraSettings.contains("\"rateLimitPerMinute\"")) ? ""
				: ",\"rateLimitPerMinute\":1000000";
		String settings = "{\"botId\":\"" + id + "\",\"name\":\"Test bot\"" + rateLimit
				+ ((extraSettings != null && !extraSettings.isBlank()) ? "," + extraSettings : "") + "}";
		Response bot = post("/v1/bots", settings, "x-api-key", ADMIN_KEY).expect(201);
		for (String channel : new String[] { "whatsapp", "sms", "email" }) {
			put("/v1/bots/" + id + "/channels/" + channel, "{\"provider\":\"simulator\"}", "x-api-key", ADMIN_KEY)
				.expect(200);
			String subject = channel.equals("email") ? ",\"subject\":\"Order {{2}}\"" : "";
			post("/v1/bots/" + id + "/templates",
					"{\"name\":\"welcome\",\"channel\":\"" + channel
							+ "\",\"body\":\"Hello {{1}}, order {{2}} is on its way\"" + subject + "}",
					"x-api-key", ADMIN_KEY)
				.expect(201);
		}
		String key = post("/v1/bots/" + id + "/keys", "{\"name\":\"test\"}", "x-api-key", ADMIN_KEY).expect(201)
			.json()
			.get("key")
			.asString();
		return new TestBot(id, key, bot.json().get("webhookSecret").asString(), this);
	}

	private static String[] withJson(String[] headers) {
		for (int i = 0; i < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("Content-Type")) {
				return headers;
			}
		}
		String[] all = new String[headers.length + 2];
		System.arraycopy(headers, 0, all, 0, headers.length);
		all[headers.length] = "Content-Type";
		all[headers.length + 1] = "application/json";
		return all;
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(this.timeout);
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private static HttpRequest.BodyPublisher publisher(String body) {
		return (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody();
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body(), this.json);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
