package io.tidings.api.yellow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What yellow.ai and Jelou clients really send (API.md §12), through HTTP exactly as they
 * send it.
 */
@IntegrationTest
class YellowRealClientIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	MutableClock clock;

	@Test
	void basicAuthWithAClientIdAsTheUserIsAccepted() {
		TestBot bot = this.client.newBot(null);
		String basic = Base64.getEncoder()
			.encodeToString(("b9f1c2d4-jelou-client-id:" + bot.key()).getBytes(StandardCharsets.UTF_8));
		String msgId = this.client
			.post("/api/engagements/notifications/v2/push?bot=" + bot.id(), push("919876543215", "welcome", ""),
					"Authorization", "Basic " + basic)
			.expect(202)
			.json()
			.get("msgId")
			.asString();
		this.client.get("/v1/bots/" + bot.id() + "/notifications/" + msgId, "Authorization", "Basic " + basic)
			.expect(200);
		String wrongKey = Base64.getEncoder().encodeToString((bot.id() + ":tk_wrong").getBytes(StandardCharsets.UTF_8));
		assertError(this.client.get("/v1/bots/" + bot.id() + "/notifications/" + msgId, "Authorization",
				"Basic " + wrongKey), 401, 1400);
	}

	@Test
	void languagePicksTheTemplatesVariant() {
		TestBot bot = this.client.newBot(null);
		template(bot, "order_update", "en_US", "Your order {{1}} has shipped").expect(201);
		template(bot, "order_update", "es", "Tu pedido {{1}} fue enviado").expect(201);
		template(bot, "order_update", "pt_BR", "Seu pedido {{1}} foi enviado").expect(201);
		String es = send(bot, "order_update", "\"language\":\"es\",");
		assertThat(content(es, "text")).isEqualTo("Tu pedido A-1 fue enviado");
		assertThat(content(es, "language")).isEqualTo("es");
		assertThat(content(send(bot, "order_update", "\"language\":\"pt_BR\","), "text"))
			.isEqualTo("Seu pedido A-1 foi enviado");
		String defaulted = send(bot, "order_update", "");
		assertThat(content(defaulted, "language")).isEqualTo("en_US");
		Response unknown = bot.push(push("919876543215", "order_update", "\"language\":\"fr\","));
		assertError(unknown, 422, 1443);
		assertThat(unknown.json().get("message").asString()).contains("fr").contains("en_US, es, pt_BR");
	}

	@Test
	void withoutLanguageTheOnlyVariantElseEnglishIsSent() {
		TestBot bot = this.client.newBot(null);
		template(bot, "only_spanish", "es", "Hola {{1}}").expect(201);
		assertThat(content(send(bot, "only_spanish", ""), "language")).isEqualTo("es");
		template(bot, "plain_english", "pt_BR", "Olá {{1}}").expect(201);
		template(bot, "plain_english", "en", "Hello {{1}}").expect(201);
		assertThat(content(send(bot, "plain_english", ""), "text")).isEqualTo("Hello A-1");
		template(bot, "no_english", "es", "Hola {{1}}").expect(201);
		template(bot, "no_english", "pt_BR", "Olá {{1}}").expect(201);
		Response ambiguous = bot.push(push("919876543215", "no_english", ""));
		assertError(ambiguous, 422, 1443);
		assertThat(ambiguous.json().get("message").asString()).contains("es, pt_BR").contains("language");
	}

	@Test
	void templatesAreUniquePerLanguageAndStillManagedByTheApi() {
		TestBot bot = this.client.newBot(null);
		long english = template(bot, "receipt", "en", "Receipt {{1}}").expect(201).json().get("id").asLong();
		template(bot, "receipt", "es", "Recibo {{1}}").expect(201);
		Response duplicate = template(bot, "receipt", "es", "Otro {{1}}");
		assertError(duplicate, 400, 100);
		assertThat(duplicate.json().get("message").asString()).contains("receipt").contains("es");
		this.client.put("/v1/bots/" + bot.id() + "/templates/" + english,
				"{\"name\":\"receipt\",\"channel\":\"whatsapp\",\"language\":\"en\",\"body\":\"Your receipt {{1}}\"}",
				"x-api-key", bot.key())
			.expect(200);
		assertThat(content(send(bot, "receipt", "\"language\":\"en\","), "text")).isEqualTo("Your receipt A-1");
		JsonNode list = bot.get("/v1/bots/" + bot.id() + "/templates").expect(200).json();
		assertThat(list.toString()).contains("Recibo {{1}}").contains("Your receipt {{1}}");
	}

	@Test
	void namespaceIsStoredAndCheckOptInIsAccepted() {
		TestBot bot = this.client.newBot(null);
		String body = "{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\","
				+ "\"templateId\":\"welcome\",\"language\":\"en\",\"namespace\":\"c8ae5f90_307a_ca4c_b8f6_d1e2a2573574\","
				+ "\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}},\"config\":{\"checkOptIn\":true,\"scheduleAt\":\"immediate\"}}";
		String msgId = bot.push(body).expect(202).json().get("msgId").asString();
		JsonNode listed = bot.get("/v1/bots/" + bot.id() + "/notifications").expect(200).json().get("results").get(0);
		assertThat(listed.get("_id").asString()).isEqualTo(msgId);
		assertThat(listed.get("request").get("notification").get("namespace").asString())
			.isEqualTo("c8ae5f90_307a_ca4c_b8f6_d1e2a2573574");
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("READ"));
	}

	@Test
	void scheduledPushStaysCreatedAndCountsAsQueuedUntilItsTime() {
		TestBot bot = this.client.newBot(null);
		String later = send(bot, "welcome", "",
				"{\"scheduleAt\":\"" + this.clock.instant().plus(Duration.ofMinutes(10)) + "\"}");
		String now = send(bot, "welcome", "", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(now).equals("READ"));
		assertThat(bot.status(later)).isEqualTo("CREATED");
		JsonNode listed = bot.get("/v1/bots/" + bot.id() + "/notifications").expect(200).json();
		assertThat(listed.get("_metadata").get("stats").get("CREATED").asLong()).isEqualTo(1);
		JsonNode statistics = bot.get("/api/v1/statistics/hourly").expect(200).json().get("data");
		assertThat(statistics.get("submitted_count").asLong()).isEqualTo(2);
		assertThat(statistics.get("sent_count").asLong()).isEqualTo(1);
		assertThat(statistics.get("queue_count").asLong()).isEqualTo(1);
	}

	@Test
	void scheduledPushLeavesAtItsTimeNotBefore() {
		TestBot bot = this.client.newBot(null);
		Instant at = this.clock.instant().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
		String msgId = send(bot, "welcome", "", "{\"scheduleAt\":\"" + at + "\"}");
		await().atMost(Duration.ofSeconds(20)).until(() -> bot.status(msgId).equals("READ"));
		Instant sentDate = Instant.parse(bot.notification(msgId).json().get("sentDate").asString());
		assertThat(sentDate).isAfterOrEqualTo(at);
	}

	@Test
	void scheduleAtInThePastSendsNow() {
		TestBot bot = this.client.newBot(null);
		String msgId = send(bot, "welcome", "",
				"{\"scheduleAt\":\"" + this.clock.instant().minus(Duration.ofHours(2)) + "\"}");
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("READ"));
	}

	@Test
	void scheduleAtMoreThanThirtyDaysAheadOrUnreadableIsRefusedNamingTheField() {
		TestBot bot = this.client.newBot(null);
		Response tooFar = bot.push(pushWithConfig("{\"scheduleAt\":\""
				+ this.clock.instant().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS) + "\"}"));
		assertError(tooFar, 422, 100);
		assertThat(tooFar.json().get("message").asString()).contains("config.scheduleAt");
		for (String bad : new String[] { "\"tomorrow\"", "1767225600", "\"2026-13-01T00:00:00Z\"", "{}" }) {
			Response response = bot.push(pushWithConfig("{\"scheduleAt\":" + bad + "}"));
			assertError(response, 400, 100);
			assertThat(response.json().get("message").asString()).contains("config.scheduleAt");
		}
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isZero();
	}

	@Test
	void aReplayedAnswerSaysSo() {
		TestBot bot = this.client.newBot(null);
		String body = push("919876543215", "welcome", "");
		Response first = bot.push(body, "Idempotency-Key", "order-7");
		first.expect(202);
		assertThat(first.header("Idempotent-Replayed")).isNull();
		Response replay = bot.push(body, "Idempotency-Key", "order-7").expect(202);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(replay.json().get("msgId").asString()).isEqualTo(first.json().get("msgId").asString());
	}

	@Test
	void aKeyStillBeingProcessedAnswers409WithRetryAfter() {
		TestBot bot = this.client.newBot(null);
		String body = push("919876543215", "welcome", "");
		// another instance holds the key: its transaction has not committed yet
		Response busy = this.transactions.execute((tx) -> {
			this.jdbc.queryForObject("select pg_advisory_xact_lock(hashtextextended(?, 1310))::text", String.class,
					bot.id() + "\n" + "order-8");
			return bot.push(body, "Idempotency-Key", "order-8");
		});
		assertError(busy, 409, 100);
		assertThat(busy.header("Retry-After")).isEqualTo("1");
		assertThat(busy.json().get("message").asString()).contains("Idempotency-Key");
		String id = bot.push(body, "Idempotency-Key", "order-8").expect(202).json().get("msgId").asString();
		assertThat(bot.push(body, "Idempotency-Key", "order-8").expect(202).json().get("msgId").asString())
			.isEqualTo(id);
		assertThat(this.jdbc.queryForObject("select count(*) from notification where bot_id = ?", Long.class, bot.id()))
			.isEqualTo(1);
	}

	@Test
	void anEmailTemplateWithoutSubjectIsSentWithItsNameAsSubject() {
		TestBot bot = this.client.newBot(null);
		this.client
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"Your invoice\",\"channel\":\"email\",\"body\":\"Invoice {{1}} attached\"}"
						.replace("Your invoice", "your_invoice"),
					"x-api-key", bot.key())
			.expect(201);
		String msgId = bot
			.push("{\"userDetails\":{\"email\":\"asha@example.com\"},\"notification\":{\"type\":\"email\","
					+ "\"templateId\":\"your_invoice\",\"params\":{\"1\":\"F-9\"}}}")
			.expect(202)
			.json()
			.get("msgId")
			.asString();
		assertThat(content(msgId, "subject")).isEqualTo("your_invoice");
		assertThat(content(msgId, "text")).isEqualTo("Invoice F-9 attached");
	}

	private Response template(TestBot bot, String name, String language, String body) {
		return this.client.post(
				"/v1/bots/" + bot.id() + "/templates", "{\"name\":\"" + name
						+ "\",\"channel\":\"whatsapp\",\"language\":\"" + language + "\",\"body\":\"" + body + "\"}",
				"x-api-key", bot.key());
	}

	private String send(TestBot bot, String template, String extra) {
		return send(bot, template, extra, null);
	}

	private String send(TestBot bot, String template, String extra, String config) {
		String body = push("919876543215", template, extra);
		if (config != null) {
			body = body.substring(0, body.length() - 1) + ",\"config\":" + config + "}";
		}
		return bot.push(body).expect(202).json().get("msgId").asString();
	}

	private String content(String msgId, String field) {
		return this.jdbc.queryForObject("select content ->> ? from notification where id = ?", String.class, field,
				UUID.fromString(msgId));
	}

	private static String push(String number, String template, String extra) {
		return "{\"userDetails\":{\"number\":\"" + number + "\"},\"notification\":{\"type\":\"whatsapp\"," + extra
				+ "\"templateId\":\"" + template + "\",\"params\":{\"1\":\"A-1\",\"2\":\"x\"}}}";
	}

	private static String pushWithConfig(String config) {
		String body = push("919876543215", "welcome", "");
		return body.substring(0, body.length() - 1) + ",\"config\":" + config + "}";
	}

}
