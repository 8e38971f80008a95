package io.tidings.api;

import java.net.http.HttpRequest;
import java.time.Duration;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.DispatcherServlet;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class PushApiIntegrationTests {

	private static final String PUSH = "{\"userDetails\":{\"number\":\"%s\"},\"notification\":{\"type\":\"%s\","
			+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}";

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DispatcherServlet dispatcher;

	@Test
	void acceptedPushIsCommittedBeforeTheAnswerAndReachesRead() {
		TestBot bot = this.client.newBot(null);
		Response response = bot.push(PUSH.formatted("+593 99 123 4565", "whatsapp")).expect(202);
		JsonNode body = response.json();
		assertThat(body.get("success").asBoolean()).isTrue();
		assertThat(body.get("traceId").asString()).isEqualTo(response.header("X-Trace-Id")).isNotBlank();
		String msgId = body.get("msgId").asString();
		assertThat(this.jdbc.queryForObject("select count(*) from notification where id = ?::uuid", Long.class, msgId))
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("READ"));
		JsonNode n = bot.notification(msgId).json();
		assertThat(n.get("destination").asString()).isEqualTo("593991234565");
		assertThat(n.get("wasRead").asBoolean()).isTrue();
		assertThat(n.get("origin").asString()).isEqualTo("API");
		assertThat(n.get("elementName").asString()).isEqualTo("welcome");
		assertThat(n.get("internalId").asString()).startsWith("sim-");
		assertThat(n.get("sentDate").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		JsonNode events = bot.get("/v1/bots/" + bot.id() + "/notifications/" + msgId + "/events").expect(200).json();
		assertThat(events.get("events").findValuesAsString("status")).containsExactly("CREATED", "DELIVERED_CHANNEL",
				"DELIVERED_USER", "READ");
		assertThat(events.get("deliveryUserAt").isNull()).isFalse();
	}

	@Test
	void nationalNumberGetsTheBotsDefaultCountryCode() {
		TestBot bot = this.client.newBot("\"defaultCountryCode\":\"593\"");
		String msgId = bot.push(PUSH.formatted("0991234565", "sms")).expect(202).json().get("msgId").asString();
		assertThat(bot.notification(msgId).json().get("destination").asString()).isEqualTo("593991234565");
	}

	@Test
	void everyAuthenticationStyleIsAccepted() {
		TestBot bot = this.client.newBot(null);
		String path = "/api/engagements/notifications/v2/push?bot=" + bot.id();
		String body = PUSH.formatted("919876543215", "whatsapp");
		this.client.post(path, body, "x-auth-token", bot.key()).expect(202);
		this.client.post(path, body, "Authorization", "Bearer " + bot.key()).expect(202);
		String basic = java.util.Base64.getEncoder().encodeToString((bot.id() + ":" + bot.key()).getBytes());
		this.client.post(path, body, "Authorization", "Basic " + basic).expect(202);
	}

	@Test
	void missingOrWrongKeyIsUnauthorized() {
		TestBot bot = this.client.newBot(null);
		String path = "/api/engagements/notifications/v2/push?bot=" + bot.id();
		assertError(this.client.post(path, PUSH.formatted("919876543215", "whatsapp")), 401, 1400);
		assertError(this.client.post(path, PUSH.formatted("919876543215", "whatsapp"), "x-api-key", "tk_wrong"), 401,
				1400);
	}

	@Test
	void anotherBotsResourcesAnswerNotFoundWithoutData() {
		TestBot mine = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		String theirs = other.send("whatsapp", "919876543215", null);
		Response push = this.client.post("/api/engagements/notifications/v2/push?bot=" + other.id(),
				PUSH.formatted("919876543215", "whatsapp"), "x-api-key", mine.key());
		assertError(push, 404, 1425);
		Response read = mine.get("/v1/bots/" + other.id() + "/notifications/" + theirs);
		assertError(read, 404, 1425);
		assertThat(read.body()).doesNotContain(theirs).doesNotContain("919876543215");
		assertError(mine.get("/v1/bots/" + mine.id() + "/notifications/" + theirs), 404, 1425);
	}

	@Test
	void malformedJsonIsBadRequest() {
		TestBot bot = this.client.newBot(null);
		assertError(bot.push("{\"userDetails\": "), 400, 100);
		assertError(bot.push("[1,2]"), 400, 100);
	}

	@Test
	void wrongOrMissingContentTypeIsUnsupportedMediaType() {
		TestBot bot = this.client.newBot(null);
		String path = "/api/engagements/notifications/v2/push?bot=" + bot.id();
		assertError(this.client.raw("POST", path, HttpRequest.BodyPublishers.ofString("{}"), "x-api-key", bot.key()),
				415, 100);
		assertError(this.client.raw("POST", path, HttpRequest.BodyPublishers.ofString("{}"), "x-api-key", bot.key(),
				"Content-Type", "text/plain"), 415, 100);
	}

	@Test
	void oversizedBodyIsTooLarge() {
		TestBot bot = this.client.newBot(null);
		String big = "{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}";
		assertError(bot.push(big), 413, 100);
	}

	@Test
	void invalidNumberIsBadRequestNamingTheField() {
		TestBot bot = this.client.newBot(null);
		Response response = bot.push(PUSH.formatted("12345", "whatsapp"));
		assertError(response, 400, 100);
		assertThat(response.json().get("message").asString()).contains("userDetails.number");
	}

	@Test
	void missingFieldsAreNamed() {
		TestBot bot = this.client.newBot(null);
		Response noUser = bot.push("{\"notification\":{\"templateId\":\"welcome\"}}");
		assertError(noUser, 400, 1426);
		assertThat(noUser.json().get("message").asString()).contains("userDetails");
		Response noTemplate = bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{}}");
		assertError(noTemplate, 400, 1426);
		assertThat(noTemplate.json().get("message").asString()).contains("notification.templateId");
		Response noEmail = bot
			.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"email\","
					+ "\"templateId\":\"welcome\"}}");
		assertThat(noEmail.json().get("message").asString()).contains("userDetails.email");
		Response badType = bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"fax\","
				+ "\"templateId\":\"welcome\"}}");
		assertError(badType, 400, 100);
		assertThat(badType.json().get("message").asString()).contains("notification.type");
	}

	@Test
	void unknownTemplateIsUnprocessableNamingIt() {
		TestBot bot = this.client.newBot(null);
		Response response = bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":"
				+ "{\"templateId\":\"no_such_template\"}}");
		assertError(response, 422, 1443);
		assertThat(response.json().get("message").asString()).contains("no_such_template");
	}

	@Test
	void missingParamsAreUnprocessableWithCode1429() {
		TestBot bot = this.client.newBot(null);
		Response response = bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":"
				+ "{\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\"}}}");
		assertError(response, 422, 1429);
		assertThat(response.json().get("message").asString()).contains("missing 2");
	}

	@Test
	void templateThatIsNotApprovedCannotBeUsed() {
		TestBot bot = this.client.newBot(null);
		String admin = TidingsClient.ADMIN_KEY;
		this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"tired\",\"channel\":\"whatsapp\",\"body\":\"Hi\",\"status\":\"LOW_QUALITY\"}",
					"x-api-key", admin)
			.expect(201);
		this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"resting\",\"channel\":\"whatsapp\",\"body\":\"Hi\",\"status\":\"PAUSED\"}",
					"x-api-key", admin)
			.expect(201);
		Response low = bot
			.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"templateId\":\"tired\"}}");
		assertError(low, 422, 1443);
		assertThat(low.json().get("message").asString())
			.isEqualTo("Template:tired has reached low quality and cannot be used");
		assertError(bot
			.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"templateId\":\"resting\"}}"), 422,
				1443);
	}

	@Test
	void disabledApiAccessIsBadRequest() {
		TestBot bot = this.client.newBot("\"apiAccessEnabled\":false");
		Response response = bot.push(PUSH.formatted("919876543215", "whatsapp"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("message").asString()).isEqualTo("API access is not enabled");
	}

	@Test
	void unconfiguredChannelIsUnprocessable() {
		String id = "bare_" + System.nanoTime();
		this.client.post("/v1/bots", "{\"botId\":\"" + id + "\"}", "x-api-key", TidingsClient.ADMIN_KEY).expect(201);
		String key = this.client.post("/v1/bots/" + id + "/keys", "{}", "x-api-key", TidingsClient.ADMIN_KEY)
			.json()
			.get("key")
			.asString();
		Response response = this.client.post("/api/engagements/notifications/v2/push?bot=" + id,
				PUSH.formatted("919876543215", "sms"), "x-api-key", key);
		assertError(response, 422, 100);
		assertThat(response.json().get("message").asString()).contains("sms");
	}

	@Test
	void sameIdempotencyKeyAndBodyReturnsTheFirstAnswerAndSendsOnce() {
		TestBot bot = this.client.newBot(null);
		String body = PUSH.formatted("919876543215", "whatsapp");
		String first = bot.push(body, "Idempotency-Key", "order-42").expect(202).json().get("msgId").asString();
		String again = bot.push(body, "Idempotency-Key", "order-42").expect(202).json().get("msgId").asString();
		assertThat(again).isEqualTo(first);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isEqualTo(1);
		Response conflict = bot.push(PUSH.formatted("919876543212", "whatsapp"), "Idempotency-Key", "order-42");
		assertError(conflict, 422, 100);
		assertThat(conflict.json().get("message").asString()).contains("Idempotency-Key");
	}

	@Test
	void idempotencyKeyAnswersFor24HoursOnly() {
		TestBot bot = this.client.newBot(null);
		String first = bot.push(PUSH.formatted("919876543215", "whatsapp"), "Idempotency-Key", "daily")
			.expect(202)
			.json()
			.get("msgId")
			.asString();
		this.jdbc.update("update idempotency_key set created_at = created_at - interval '25 hours' where bot_id = ?",
				bot.id());
		String next = bot.push(PUSH.formatted("919876543212", "whatsapp"), "Idempotency-Key", "daily")
			.expect(202)
			.json()
			.get("msgId")
			.asString();
		assertThat(next).isNotEqualTo(first);
		assertThat(bot.push(PUSH.formatted("919876543212", "whatsapp"), "Idempotency-Key", "daily")
			.expect(202)
			.json()
			.get("msgId")
			.asString()).isEqualTo(next);
	}

	@Test
	void concurrentRequestsWithOneIdempotencyKeyStoreOneNotification() throws Exception {
		TestBot bot = this.client.newBot(null);
		String body = PUSH.formatted("919876543215", "whatsapp");
		try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
			var futures = java.util.stream.IntStream.range(0, 20)
				.mapToObj((i) -> executor.submit(() -> bot.push(body, "Idempotency-Key", "burst")))
				.toList();
			java.util.Set<String> ids = new java.util.HashSet<>();
			for (var future : futures) {
				Response response = future.get();
				if (response.status() == 409) {
					// the first with this key was still being processed (API.md §12)
					assertError(response, 409, 100);
					assertThat(response.header("Retry-After")).isEqualTo("1");
				}
				else {
					ids.add(response.expect(202).json().get("msgId").asString());
				}
			}
			assertThat(ids).hasSize(1);
		}
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isEqualTo(1);
	}

	@Test
	void overTheRateLimitAnswers429WithRetryAfter() {
		TestBot bot = this.client.newBot("\"rateLimitPerMinute\":3");
		String body = PUSH.formatted("919876543215", "whatsapp");
		for (int i = 0; i < 3; i++) {
			Response ok = bot.push(body).expect(202);
			assertThat(ok.header("RateLimit-Limit")).isEqualTo("3");
			assertThat(ok.header("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
		}
		Response limited = bot.push(body);
		assertError(limited, 429, 1412);
		assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
		assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(limited.header("RateLimit-Reset")).isNotNull();
	}

	@Test
	void emailWithCcAndBccIsAccepted() {
		TestBot bot = this.client.newBot(null);
		Response ok = bot
			.push("{\"userDetails\":{\"email\":\"someone@example.com\",\"cc\":\"a@example.com\","
					+ "\"bcc\":[\"b@example.com\",\"c@example.com\"]},\"notification\":{\"type\":\"email\","
					+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}")
			.expect(202);
		String content = this.jdbc.queryForObject("select content::text from notification where id = ?::uuid",
				String.class, ok.json().get("msgId").asString());
		assertThat(this.client.json(content).get("bcc").valueStream().map(JsonNode::asString))
			.containsExactly("b@example.com", "c@example.com");
		assertThat(this.client.json(content).get("cc").get(0).asString()).isEqualTo("a@example.com");
		assertThat(this.client.json(content).get("subject").asString()).isEqualTo("Order A-1");
		Response badCc = bot.push("{\"userDetails\":{\"email\":\"someone@example.com\",\"cc\":\"nope\"},"
				+ "\"notification\":{\"type\":\"email\",\"templateId\":\"welcome\",\"params\":{\"1\":\"A\",\"2\":\"B\"}}}");
		assertError(badCc, 400, 100);
		assertThat(badCc.json().get("message").asString()).contains("userDetails.cc");
	}

	@Test
	void mediaAndQuickRepliesAreKeptWithTheMessage() {
		TestBot bot = this.client.newBot(null);
		String msgId = bot
			.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"templateId\":\"welcome\","
					+ "\"params\":{\"1\":\"A\",\"2\":\"B\",\"media\":[{\"mediaLink\":\"https://example.com/a.jpg\",\"title\":\"t\","
					+ "\"quickReplies\":[{\"type\":\"quick_reply\",\"value\":\"payload 1\"}]}],"
					+ "\"quickReplies\":{\"ctaUrlParam\":{\"buttonText\":\"pricing\"}}}}}")
			.expect(202)
			.json()
			.get("msgId")
			.asString();
		JsonNode content = this.client.json(this.jdbc
			.queryForObject("select content::text from notification where id = ?::uuid", String.class, msgId));
		assertThat(content.get("media").get(0).get("link").asString()).isEqualTo("https://example.com/a.jpg");
		assertThat(content.get("quickReplies").get(0).asString()).isEqualTo("payload 1");
		assertThat(content.get("urlParams").get("buttonText").asString()).isEqualTo("pricing");
		assertThat(content.get("bodyParams").valueStream().map(JsonNode::asString)).containsExactly("A", "B");
		Response badMedia = bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"templateId\":"
				+ "\"welcome\",\"params\":{\"1\":\"A\",\"2\":\"B\",\"media\":{\"title\":\"no link\"}}}}");
		assertError(badMedia, 400, 1426);
		assertThat(badMedia.json().get("message").asString()).contains("notification.params.media.mediaLink");
	}

	@Test
	void theOriginalRequestIsKeptAsSent() {
		TestBot bot = this.client.newBot(null);
		String body = PUSH.formatted("919876543215", "whatsapp");
		String msgId = bot.push(body).expect(202).json().get("msgId").asString();
		assertThat(this.jdbc.queryForObject("select request::text from notification where id = ?::uuid", String.class,
				msgId))
			.isEqualTo(body);
	}

	@Test
	void plainJsonPushesTakeTheDirectRouteAheadOfTheAnnotatedMappings() {
		assertThat(this.dispatcher.getHandlerMappings()).first().isInstanceOf(DirectRoute.class);
		TestBot bot = this.client.newBot(null);
		// declined by the direct route, answered by the annotated mapping as before
		assertThat(bot.push(PUSH.formatted("+593 99 123 4565", "whatsapp"), "Accept", "application/xml").status())
			.isEqualTo(406);
		String path = "/api/engagements/notifications/v2/push?bot=" + bot.id();
		this.client
			.raw("POST", path, HttpRequest.BodyPublishers.ofString(PUSH.formatted("+593 99 123 4565", "whatsapp")),
					"x-api-key", bot.key(), "Content-Type", "application/json;charset=utf-8", "Accept",
					"text/html;q=0.5, application/json")
			.expect(202);
	}

	@Test
	void everyResponseCarriesATraceId() {
		Response health = this.client.get("/actuator/health");
		assertThat(health.header("X-Trace-Id")).hasSize(16);
		Response missing = this.client.get("/no/such/path", "x-api-key", TidingsClient.ADMIN_KEY);
		assertError(missing, 404, 1425);
	}

}
