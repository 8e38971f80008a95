package io.tidings.api;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md §13 on every surface: each POST, PUT and PATCH endpoint of the API (found from
 * the controllers' mappings, so a new endpoint without a row here fails
 * {@link #everyWritingEndpointIsInTheTable}) gets the same hostile bodies (NUL, invalid
 * and overlong UTF-8, a BOM, duplicate keys, lone surrogates, wrong JSON types, huge
 * numbers, deep nesting …), each answered 400 or 422 with the §2 body and
 * {@code X-Trace-Id}, naming the field or the body, never a 5xx.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryEndpointHostileInputIntegrationTests {

	private static final String APP_SECRET = "hostile-app-secret";

	/**
	 * The console's form posts ({@code io.tidings.dashboard}) are a separate surface
	 * behind a session and CSRF token; they are not JSON endpoints.
	 */
	private static final String API_PACKAGE = "io.tidings.api.";

	@Autowired
	TidingsClient client;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private TestBot bot;

	private List<Endpoint> endpoints;

	@BeforeAll
	void createResources() {
		this.bot = this.client.newBot(null);
		String b = this.bot.id();
		this.client
			.put("/v1/bots/" + b + "/channels/whatsapp",
					"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"EAAG-t\","
							+ "\"appSecret\":\"" + APP_SECRET
							+ "\",\"verifyToken\":\"v\",\"baseUrl\":\"http://127.0.0.1:9\"}",
					"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		long template = post("/v1/bots/" + b + "/templates",
				"{\"name\":\"hostile\",\"channel\":\"sms\",\"body\":\"Hello {{1}}\"}")
			.expect(201)
			.json()
			.get("id")
			.asLong();
		long bucket = post("/v1/bots/" + b + "/buckets",
				"{\"name\":\"hostile\",\"contacts\":[{\"number\":\"919876543212\"}]}")
			.expect(201)
			.json()
			.get("id")
			.asLong();
		long campaign = post("/v1/bots/" + b + "/campaigns",
				"{\"name\":\"hostile\",\"templateId\":" + template + ",\"bucketId\":" + bucket + "}")
			.expect(201)
			.json()
			.get("id")
			.asLong();
		long clientId = this.bot.get("/v1/bots/" + b).expect(200).json().get("clientId").asLong();
		long messagesBucket = post("/api/v1/buckets", "{\"name\":\"hostile-messages\"}").expect(201)
			.json()
			.at("/data/id")
			.asLong();
		long messagesTemplate = post("/api/v1/templates",
				"{\"name\":\"hostile-messages\",\"channel\":\"sms\",\"body\":\"Hi {{1}}\"}")
			.expect(201)
			.json()
			.at("/data/id")
			.asLong();
		long squadBucket = post("/dashboard/bucket",
				"{\"name\":\"hostile-squad\",\"client_id\":" + clientId + ",\"items\":[]}")
			.expect(201)
			.json()
			.at("/data/id")
			.asLong();
		String push = "{\"userDetails\":{\"number\":\"919876543212\"},\"notification\":{\"type\":\"whatsapp\","
				+ "\"templateId\":\"welcome\",\"sender\":%s,\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}";
		String meta = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":"
				+ "\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"statuses\":[{\"id\":%s,"
				+ "\"status\":\"read\",\"timestamp\":\"1700000000\",\"recipient_id\":\"919876543212\"}]}}]}]}";
		String admin = TidingsClient.ADMIN_KEY;
		String key = this.bot.key();
		this.endpoints = List.of(
				json("POST /api/engagements/notifications/v2/push", "/api/engagements/notifications/v2/push?bot=" + b,
						key, push, "\"ACME\"", "notification.sender"),
				json("POST /v1/bots", "/v1/bots", admin, "{\"name\":%s}", "\"Hostile\"", "name"),
				json("PATCH /v1/bots/{botId}", "/v1/bots/" + b, admin, "{\"name\":%s}", "\"Hostile\"", "name"),
				bodiless("POST /v1/bots/{botId}/webhook-secret/rotate", "/v1/bots/" + b + "/webhook-secret/rotate",
						admin),
				json("PUT /v1/bots/{botId}/channels/{channel}", "/v1/bots/" + b + "/channels/sms", admin,
						"{\"provider\":%s}", "\"simulator\"", "provider"),
				json("POST /v1/bots/{botId}/reports/send", "/v1/bots/" + b + "/reports/send", key,
						"{\"from\":\"2026-01-01\",\"recipients\":[\"ops@example.com\"],\"to\":%s}", "\"2026-01-02\"",
						"to"),
				json("POST /v1/bots/{botId}/campaigns", "/v1/bots/" + b + "/campaigns", key,
						"{\"name\":%s,\"templateId\":" + template + ",\"bucketId\":" + bucket + "}", "\"Hostile\"",
						"name"),
				bodiless("POST /v1/bots/{botId}/campaigns/{id}/pause",
						"/v1/bots/" + b + "/campaigns/" + campaign + "/pause", key),
				bodiless("POST /v1/bots/{botId}/campaigns/{id}/resume",
						"/v1/bots/" + b + "/campaigns/" + campaign + "/resume", key),
				bodiless("POST /v1/bots/{botId}/campaigns/{id}/cancel",
						"/v1/bots/" + b + "/campaigns/" + (campaign + 1_000_000) + "/cancel", key),
				json("POST /v1/bots/{botId}/templates", "/v1/bots/" + b + "/templates", key,
						"{\"name\":%s,\"channel\":\"sms\",\"body\":\"Hi {{1}}\"}", "\"hostile_new\"", "name"),
				json("PUT /v1/bots/{botId}/templates/{id}", "/v1/bots/" + b + "/templates/" + template, key,
						"{\"name\":\"hostile\",\"channel\":\"sms\",\"body\":%s}", "\"Hello {{1}}\"", "body"),
				json("POST /v1/bots/{botId}/buckets", "/v1/bots/" + b + "/buckets", key, "{\"name\":%s}", "\"Hostile\"",
						"name"),
				json("POST /v1/bots/{botId}/buckets/{id}/contacts application/json",
						"/v1/bots/" + b + "/buckets/" + bucket + "/contacts", key,
						"[{\"number\":\"919876543212\",\"city\":%s}]", "\"Pune\"", "city"),
				csv("POST /v1/bots/{botId}/buckets/{id}/contacts text/csv",
						"/v1/bots/" + b + "/buckets/" + bucket + "/contacts", key),
				bodiless("POST /v1/bots/{botId}/templates/sync", "/v1/bots/" + b + "/templates/sync", key),
				json("POST /v1/bots/{botId}/keys", "/v1/bots/" + b + "/keys", admin, "{\"name\":%s}", "\"hostile\"",
						"name"),
				bodiless("POST /v1/bots/{botId}/webhook-deliveries/{id}/retry",
						"/v1/bots/" + b + "/webhook-deliveries/" + UUID.randomUUID() + "/retry", key),
				json("POST /v1/bots/{botId}/suppressions", "/v1/bots/" + b + "/suppressions", key,
						"{\"channel\":\"sms\",\"recipient\":%s}", "\"919876543219\"", "recipient"),
				json("POST /v1/whatsapp/messages", "/v1/whatsapp/messages", key,
						"{\"botId\":\"" + b + "\",\"userId\":%s,\"type\":\"text\",\"text\":\"Hi\"}", "\"593912345678\"",
						"userId"),
				json("POST /v1/bots/{botId}/events/webhook", "/v1/bots/" + b + "/events/webhook", key,
						"{\"webhooks\":[{\"url\":%s,\"events\":[\"failed\"]}]}", "\"http://127.0.0.1:9/hook\"", "url"),
				json("POST /webhooks/simulator/{botId}/inbound", "/webhooks/simulator/" + b + "/inbound", key,
						"{\"from\":%s,\"text\":\"Hi\"}", "\"593912345678\"", "from"),
				json("POST /api/v1/messages", "/api/v1/messages", key, "{\"recipients\":%s,\"body\":\"Hello\"}",
						"\"919876543212\"", "recipients"),
				json("POST /service/message", "/service/message", key, "{\"recipients\":\"919876543212\",\"body\":%s}",
						"\"Hello\"", "body"),
				json("POST /api/v1/buckets", "/api/v1/buckets", key, "{\"name\":%s}", "\"Hostile\"", "name"),
				json("POST /api/v1/buckets/{id}/contacts application/json",
						"/api/v1/buckets/" + messagesBucket + "/contacts", key,
						"[{\"number\":\"919876543212\",\"city\":%s}]", "\"Pune\"", "city"),
				csv("POST /api/v1/buckets/{id}/contacts text/csv", "/api/v1/buckets/" + messagesBucket + "/contacts",
						key),
				json("POST /api/v1/templates", "/api/v1/templates", key,
						"{\"name\":%s,\"channel\":\"sms\",\"body\":\"Hi {{1}}\"}", "\"hostile_messages_new\"", "name"),
				json("PUT /api/v1/templates/{id}", "/api/v1/templates/" + messagesTemplate, key,
						"{\"name\":\"hostile-messages\",\"channel\":\"sms\",\"body\":%s}", "\"Hi {{1}}\"", "body"),
				json("POST /dashboard/bucket", "/dashboard/bucket", key,
						"{\"name\":\"Hostile\",\"client_id\":" + clientId
								+ ",\"items\":[{\"phone_number\":\"919876543212\",\"param1\":%s}]}",
						"\"Asha\"", "param1"),
				json("PATCH /dashboard/bucket/{id}", "/dashboard/bucket/" + squadBucket, key,
						"{\"client_id\":" + clientId + ",\"name\":%s}", "\"Hostile\"", "name"),
				new Endpoint("POST /webhooks/whatsapp/{botId}", "/webhooks/whatsapp/" + b, null, "application/json",
						meta, "\"wamid.HOSTILE\"", "id", EveryEndpointHostileInputIntegrationTests::signed),
				bodiless("POST /unsubscribe/{token}", "/unsubscribe/not-a-token", null));
	}

	@Test
	void everyWritingEndpointIsInTheTable() {
		Set<String> mapped = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod method) -> {
			if (!method.getBeanType().getName().startsWith(API_PACKAGE)) {
				return;
			}
			for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
				if (verb == RequestMethod.POST || verb == RequestMethod.PUT || verb == RequestMethod.PATCH) {
					for (String pattern : info.getPatternValues()) {
						String consumes = info.getConsumesCondition()
							.getConsumableMediaTypes()
							.stream()
							.map(Object::toString)
							.filter((type) -> !type.equals("application/json"))
							.findFirst()
							.map((type) -> " " + type)
							.orElse("");
						mapped.add(verb + " " + pattern + consumes);
					}
				}
			}
		});
		Set<String> covered = new TreeSet<>();
		this.endpoints.forEach((endpoint) -> covered.add(endpoint.name().replace(" application/json", "")));
		assertThat(covered).as("endpoints in the hostile-input table").containsAll(mapped);
		assertThat(mapped).as("endpoints the controllers map").containsAll(covered);
	}

	List<Endpoint> endpoints() {
		return this.endpoints;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("endpoints")
	void theValidBodyOfEachRowIsNotRefusedAsMalformed(Endpoint endpoint) {
		if (endpoint.template() == null) {
			return;
		}
		Response response = send(endpoint, endpoint.encode(bytes(endpoint.body(endpoint.validValue()))));
		assertThat(response.status()).as("%s: %s", endpoint.name(), response.body()).isLessThan(500).isNotEqualTo(400);
	}

	Stream<Arguments> hostileRequests() {
		List<Arguments> all = new ArrayList<>();
		for (Endpoint endpoint : this.endpoints) {
			List<Hostile> hostiles = switch (endpoint.contentType()) {
				case "text/csv" -> csvHostiles();
				default -> (endpoint.template() != null) ? jsonHostiles(endpoint) : bodilessHostiles();
			};
			for (Hostile hostile : hostiles) {
				hostile = allowed(endpoint, hostile);
				all.add(Arguments.of(endpoint.name() + ": " + hostile.name(), endpoint, hostile));
			}
		}
		return all.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRequests")
	void hostileBodiesAreRefusedWithTheErrorBodyNamingTheFieldNeverA5xx(String name, Endpoint endpoint,
			Hostile hostile) {
		Response response = send(endpoint, endpoint.encode(hostile.body()));
		assertThat(response.status()).as("%s: %s", name, response.body()).isLessThan(500);
		assertThat(response.header("X-Trace-Id")).as(name).isNotBlank();
		if (hostile.named() == null && response.status() < 400) {
			return;
		}
		assertThat(response.status()).as("%s: %s", name, response.body()).isIn(400, 404, 409, 413, 422);
		JsonNode body = response.json();
		assertThat(body.get("success").asBoolean()).isFalse();
		assertThat(body.get("status").asString()).isEqualTo("ERROR");
		assertThat(body.get("traceId").asString()).isEqualTo(response.header("X-Trace-Id"));
		String message = body.get("message").asString();
		if (hostile.named() != null) {
			assertThat(response.status()).as("%s: %s", name, response.body()).isIn(400, 413, 422);
			assertThat(message).as(name).containsAnyOf(hostile.named().toArray(String[]::new));
		}
	}

	/**
	 * Numbers whose shape is wrong before any normalisation (API.md §13), on every field
	 * that takes a phone number outside the push (whose 70 are in
	 * {@code HostileInputIntegrationTests}).
	 */
	Stream<Arguments> hostileNumbersOnEveryPhoneField() {
		String b = this.bot.id();
		String key = this.bot.key();
		List<Endpoint> phoneFields = List.of(
				json("POST /api/v1/messages", "/api/v1/messages", key, "{\"recipients\":%s,\"body\":\"Hello\"}", null,
						"recipients"),
				json("POST /service/message", "/service/message", key,
						"{\"recipients\":\"919876543212,%r\",\"body\":\"Hello\"}", null, "recipients"),
				json("POST /v1/whatsapp/messages", "/v1/whatsapp/messages", key,
						"{\"botId\":\"" + b + "\",\"userId\":%s,\"type\":\"text\",\"text\":\"Hi\"}", null, "userId"),
				json("POST /v1/bots/{botId}/suppressions", "/v1/bots/" + b + "/suppressions", key,
						"{\"channel\":\"sms\",\"recipient\":%s}", null, "recipient"),
				json("POST /webhooks/simulator/{botId}/inbound", "/webhooks/simulator/" + b + "/inbound", key,
						"{\"from\":%s,\"text\":\"Hi\"}", null, "from"));
		List<String> numbers = List.of("+-919876543210", "-919876543210", "919876543210--", "++919876543210",
				"+91+9876543210", "91987654321O", "919876543210#", "*919876543210", "+91/9876543210",
				"tel:+919876543210", "' OR 1=1 --", "9".repeat(1000), "919876543210\\u202e", "\\u200b919876543210",
				"+91 98765 43210;",
				"\\uff19\\uff11\\uff19\\uff18\\uff17\\uff16\\uff15\\uff14\\uff13\\uff12\\uff11\\uff10", "1e308",
				"0x919876543210", "null", "+");
		List<Arguments> all = new ArrayList<>();
		for (Endpoint endpoint : phoneFields) {
			for (String number : numbers) {
				all.add(Arguments.of(endpoint.name() + ": " + number, endpoint, number));
			}
		}
		return all.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileNumbersOnEveryPhoneField")
	void hostileNumbersAreRefusedNamingTheFieldOnEverySurface(String name, Endpoint endpoint, String number) {
		String value = "\"" + number + "\"";
		// %r: the number inside a list, after a valid one
		String body = endpoint.template().contains("%r") ? endpoint.template().replace("%r", number)
				: endpoint.body(value);
		Response response = send(endpoint, bytes(body));
		assertThat(response.status()).as("%s: %s", name, response.body()).isEqualTo(400);
		assertThat(response.json().get("traceId").asString()).isEqualTo(response.header("X-Trace-Id"));
		assertThat(response.json().get("message").asString()).as(name).contains(endpoint.field());
	}

	@Test
	void hostileNumbersInImportsAreRejectedRowsAndNothingOfThemIsStored() {
		String b = this.bot.id();
		long bucket = post("/v1/bots/" + b + "/buckets", "{\"name\":\"hostile-numbers\"}").expect(201)
			.json()
			.get("id")
			.asLong();
		String csv = "number,city\n+-919876543210,a\n-919876543210,b\n919876543210--,c\n' OR 1=1 --,d\n"
				+ "9".repeat(1000) + ",e\n91987654321O,f\n";
		Response response = this.client.raw("POST", "/v1/bots/" + b + "/buckets/" + bucket + "/contacts",
				HttpRequest.BodyPublishers.ofString(csv), "x-api-key", this.bot.key(), "Content-Type", "text/csv");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("accepted").asInt()).isZero();
		assertThat(response.json().get("rejectedTotal").asInt()).isEqualTo(6);
		Response json = post("/v1/bots/" + b + "/buckets/" + bucket + "/contacts",
				"[{\"number\":\"+-919876543210\"},{\"number\":\"919876543210#\"},{\"number\":-919876543210}]");
		assertThat(json.status()).as(json.body()).isEqualTo(200);
		assertThat(json.json().get("accepted").asInt()).isZero();
		assertThat(json.json().get("rejectedTotal").asInt()).isEqualTo(3);
		assertThat(this.bot.get("/v1/bots/" + b + "/buckets/" + bucket).expect(200).json().get("contactCount").asInt())
			.isZero();
	}

	private Response send(Endpoint endpoint, byte[] body) {
		List<String> headers = new ArrayList<>(List.of("Content-Type", endpoint.contentType()));
		if (endpoint.key() != null) {
			headers.addAll(List.of("x-api-key", endpoint.key()));
		}
		if (endpoint.name().startsWith("POST /webhooks/whatsapp")) {
			headers.addAll(List.of("X-Hub-Signature-256", sign(body)));
		}
		HttpRequest.BodyPublisher publisher = (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
				: HttpRequest.BodyPublishers.noBody();
		String method = endpoint.name().substring(0, endpoint.name().indexOf(' '));
		return this.client.raw(method, endpoint.path(), publisher, headers.toArray(String[]::new));
	}

	/**
	 * At least twenty hostile bodies built from the row's valid body: the field's value
	 * replaced or corrupted (the answer names the field), or the body as a whole broken
	 * (the answer names the body or what is wrong with it).
	 */
	private static List<Hostile> jsonHostiles(Endpoint e) {
		String valid = e.body(e.validValue());
		String inner = e.validValue().substring(1, e.validValue().length() - 1);
		String key = e.field().substring(e.field().lastIndexOf('.') + 1);
		List<String> field = List.of(e.field());
		List<String> utf8 = List.of("UTF-8");
		List<String> json = List.of("JSON", "body");
		List<Hostile> all = new ArrayList<>();
		all.add(new Hostile("NUL in the field", bytes(e.body(quoted(inner + "\\u0000x"))), field));
		all.add(new Hostile("lone high surrogate", bytes(e.body(quoted(inner + "\\ud800"))), field));
		all.add(new Hostile("lone low surrogate", bytes(e.body(quoted("\\udc00" + inner))), field));
		all.add(new Hostile("reversed surrogate pair", bytes(e.body(quoted("\\udc00\\ud800"))), field));
		all.add(new Hostile("an object for a string", bytes(e.body("{\"a\":1}")), field));
		all.add(new Hostile("an array for a string", bytes(e.body("[" + e.validValue() + "]")), field));
		all.add(new Hostile("a boolean for a string", bytes(e.body("true")), field));
		all.add(new Hostile("a huge number", bytes(e.body("1e400")), List.of(e.field(), "JSON", "number")));
		all.add(new Hostile("a negative huge number", bytes(e.body("-1e400")), List.of(e.field(), "JSON", "number")));
		all.add(new Hostile("a 60-digit number", bytes(e.body("9".repeat(60))), List.of(e.field(), "JSON", "number")));
		all.add(new Hostile("a 2,000-digit number", bytes(e.body("9".repeat(2000))), json));
		all.add(new Hostile("deeply nested value", bytes(e.body("{\"a\":".repeat(3000) + "1" + "}".repeat(3000))),
				List.of(e.field(), "JSON", "body")));
		all.add(new Hostile("overlong UTF-8 in the field",
				bytes(e.body("\"" + inner + "@@\""), new byte[] { (byte) 0xC0, (byte) 0xAF }), utf8));
		all.add(new Hostile("3-byte overlong UTF-8",
				bytes(e.body("\"" + inner + "@@\""), new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF }), utf8));
		all.add(new Hostile("encoded surrogate in UTF-8",
				bytes(e.body("\"" + inner + "@@\""), new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }), utf8));
		all.add(new Hostile("lone continuation byte", bytes(e.body("\"" + inner + "@@\""), new byte[] { (byte) 0x80 }),
				utf8));
		all.add(new Hostile("0xFF byte", bytes(e.body("\"" + inner + "@@\""), new byte[] { (byte) 0xFF }), utf8));
		all.add(new Hostile("raw NUL byte", bytes(e.body("\"" + inner + "@@\""), new byte[] { 0 }), json));
		all.add(new Hostile("raw newline in a string", bytes(e.body("\"" + inner + "\n\"")), json));
		all.add(new Hostile("byte order mark", bytes("\uFEFF" + valid), List.of("byte order mark")));
		all.add(new Hostile("duplicate key", bytes(duplicate(valid, key)), List.of("duplicate key")));
		all.add(new Hostile("NUL in a key", bytes(valid.replaceFirst("\"" + key + "\":", "\"" + key + "\\\\u0000\":")),
				List.of("NUL", key)));
		all.add(new Hostile("truncated", bytes(valid.substring(0, valid.length() / 2)), json));
		all.add(new Hostile("trailing garbage", bytes(valid + " x"), json));
		all.add(new Hostile("two documents", bytes(valid + valid), json));
		all.add(new Hostile("empty", new byte[0], json));
		all.add(new Hostile("null", bytes("null"), json));
		all.add(new Hostile("wrong root type", bytes(valid.startsWith("[") ? "{}" : "[]"), json));
		all.add(new Hostile("a string root", bytes("\"x\""), json));
		all.add(new Hostile("deep nesting", bytes("[".repeat(5000) + "]".repeat(5000)), json));
		all.add(new Hostile("UTF-16 body", valid.getBytes(StandardCharsets.UTF_16), List.of("JSON", "body", "UTF-8")));
		all.add(new Hostile("a 200,000-character value", bytes(e.body(quoted("x".repeat(200_000)))), null));
		return all;
	}

	/**
	 * The few answers other than an error that the contract allows: a key's body is
	 * optional (no body, a key named "default"); Meta's webhook answers 200 to a signed
	 * delivery whose status entry it cannot use (a 4xx makes Meta redeliver the whole
	 * batch for days), as long as nothing is stored from it.
	 */
	private static Hostile allowed(Endpoint endpoint, Hostile hostile) {
		boolean optionalBody = endpoint.name().equals("POST /v1/bots/{botId}/keys") && hostile.name().equals("empty");
		boolean metaEntry = endpoint.name().startsWith("POST /webhooks/whatsapp") && List
			.of("an object for a string", "an array for a string", "a boolean for a string", "a huge number",
					"a negative huge number", "a 60-digit number")
			.contains(hostile.name());
		return (optionalBody || metaEntry) ? new Hostile(hostile.name(), hostile.body(), null) : hostile;
	}

	private static List<Hostile> csvHostiles() {
		String header = "number,city\n";
		List<String> file = List.of("file", "body", "CSV", "UTF-8");
		List<Hostile> all = new ArrayList<>();
		all.add(new Hostile("byte order mark", bytes("\uFEFF" + header + "919876543212,Pune\n"),
				List.of("byte order mark")));
		all.add(new Hostile("overlong UTF-8",
				bytes(header + "919876543212,@@\n", new byte[] { (byte) 0xC0, (byte) 0xAF }), file));
		all.add(new Hostile("0xFF byte", bytes(header + "919876543212,@@\n", new byte[] { (byte) 0xFF }), file));
		all.add(new Hostile("encoded surrogate",
				bytes(header + "919876543212,@@\n", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }), file));
		all.add(new Hostile("NUL in a cell", bytes(header + "919876543212,Pu\u0000ne\n"), List.of("NUL")));
		all.add(new Hostile("NUL in the header", bytes("number,ci\u0000ty\n919876543212,Pune\n"), List.of("NUL")));
		all.add(new Hostile("NUL in a number", bytes(header + "9198765\u000043212,Pune\n"), null));
		all.add(new Hostile("unbalanced quote", bytes(header + "919876543212,\"Pune\n"), file));
		all.add(new Hostile("no number column", bytes("city\nPune\n"), List.of("number")));
		all.add(new Hostile("duplicate header", bytes("number,number\n919876543212,919876543213\n"),
				List.of("number", "header", "file")));
		all.add(new Hostile("empty", new byte[0], List.of("number", "file", "CSV")));
		all.add(new Hostile("UTF-16", (header + "919876543212,Pune\n").getBytes(StandardCharsets.UTF_16), file));
		all.add(new Hostile("hostile numbers", bytes(
				header + "+-919876543212,a\n-919876543212,b\n' OR 1=1 --,c\n" + "9".repeat(1000) + ",d\n1e400,e\n"),
				null));
		all.add(new Hostile("a 200,000-character cell", bytes(header + "919876543212," + "x".repeat(200_000) + "\n"),
				null));
		return all;
	}

	private static List<Hostile> bodilessHostiles() {
		return List.of(new Hostile("a BOM body", bytes("\uFEFF{}"), null),
				new Hostile("invalid UTF-8", new byte[] { (byte) 0xC0, (byte) 0xAF }, null),
				new Hostile("NUL", bytes("{\"a\":\"\\u0000\"}"), null),
				new Hostile("deep nesting", bytes("[".repeat(5000)), null));
	}

	private Response post(String path, String body) {
		return this.client.post(path, body, "x-api-key", this.bot.key());
	}

	private static String duplicate(String valid, String field) {
		int at = valid.indexOf("\"" + field + "\":");
		return valid.substring(0, at) + "\"" + field + "\":\"+-1\"," + valid.substring(at);
	}

	private static String quoted(String jsonEscaped) {
		return "\"" + jsonEscaped + "\"";
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The text with its {@code @@} replaced by raw bytes.
	 */
	private static byte[] bytes(String text, byte[] raw) {
		int at = text.indexOf("@@");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(bytes(text.substring(0, at)));
		out.writeBytes(raw);
		out.writeBytes(bytes(text.substring(at + 2)));
		return out.toByteArray();
	}

	private static byte[] signed(byte[] body) {
		return body;
	}

	private static String sign(byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal((body != null) ? body : new byte[0]));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Endpoint json(String name, String path, String key, String template, String validValue,
			String field) {
		return new Endpoint(name, path, key, "application/json", template, validValue, field, Function.identity());
	}

	private static Endpoint csv(String name, String path, String key) {
		return new Endpoint(name, path, key, "text/csv", null, null, null, Function.identity());
	}

	private static Endpoint bodiless(String name, String path, String key) {
		return new Endpoint(name, path, key, "application/json", null, null, null, Function.identity());
	}

	/**
	 * One row of the table.
	 *
	 * @param name the method, the mapping's pattern and, when not JSON, what it consumes
	 * @param path a concrete path to one of the test bot's resources
	 * @param key the key sent, or null
	 * @param contentType the content type sent
	 * @param template the valid body with {@code %s} where the field's value goes, or
	 * null for an endpoint that reads no JSON body
	 * @param validValue the field's valid JSON value
	 * @param field the name of a field the endpoint reads
	 * @param encoder how a body is prepared for sending
	 */
	record Endpoint(String name, String path, String key, String contentType, String template, String validValue,
			String field, Function<byte[], byte[]> encoder) {

		String body(String value) {
			return this.template.replace("%s", value);
		}

		byte[] encode(byte[] body) {
			return this.encoder.apply(body);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * A hostile body and what the answer's message must name (any of), or null when the
	 * body may be accepted (then only "never a 5xx" is asserted).
	 */
	record Hostile(String name, byte[] body, List<String> named) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
