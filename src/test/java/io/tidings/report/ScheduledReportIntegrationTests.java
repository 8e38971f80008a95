package io.tidings.report;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tidings.bot.Bots;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tidings.support.ErrorAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Emailed reports against a real SMTP server (GreenMail on the loopback port that
 * {@code tidings.reports.mail.port} resolved to).
 */
@IntegrationTest
class ScheduledReportIntegrationTests {

	private static final String ADMIN = TidingsClient.ADMIN_KEY;

	private static GreenMail mail;

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	ReportScheduler scheduler;

	@Autowired
	ReportProperties properties;

	@Autowired
	Bots bots;

	@Autowired
	ReportRunRepository repository;

	@Autowired
	NotificationExport export;

	@BeforeEach
	void startMail() {
		if (mail == null) {
			mail = new GreenMail(
					new ServerSetup(this.properties.mail().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			mail.start();
		}
	}

	@AfterAll
	static void stopMail() {
		if (mail != null) {
			mail.stop();
			mail = null;
		}
	}

	@Test
	void dailyReportIsSentOnceAtItsTimeWithExactlyThePreviousDaysNotifications() throws Exception {
		String recipient = "daily-" + UUID.randomUUID() + "@example.com";
		TestBot bot = this.client.newBot("\"reportRecipients\":[\"" + recipient + "\"]");
		List<String> inPeriod = new ArrayList<>(List.of(bot.send("whatsapp", "919876543213", null),
				bot.send("whatsapp", "919876543210", null), bot.send("sms", "919876543212", null)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> inPeriod.stream()
				.map(bot::status)
				.toList()
				.equals(List.of("REPLY", "FAILED", "DELIVERED_USER")));
		// the period's local day ends right after those sends: the schedule's zone is
		// chosen so that this instant is midnight there
		Instant end = this.clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		Instant start = end.minus(Duration.ofDays(1));
		ZoneOffset zone = midnightAt(end);
		this.clock.advance(Duration.ofSeconds(2));
		String later = bot.send("whatsapp", "919876543215", null);
		inPeriod.add(insert(bot.id(), start));
		inPeriod.add(insert(bot.id(), end.minusMillis(1)));
		insert(bot.id(), start.minusMillis(1));
		insert(bot.id(), end);
		try {
			schedule(bot, "{\"frequency\":\"daily\",\"time\":\"00:05\",\"timezone\":\"" + zone.getId() + "\"}");
			this.scheduler.runDue();
			// the latest report already due (the day before) goes out as soon as a
			// schedule is set; it holds the notification created just before the period
			JsonNode catchUp = awaitRun(bot, start.minus(Duration.ofDays(1)), start, "SENT");
			assertThat(catchUp.get("kind").asString()).isEqualTo("SCHEDULED");
			assertThat(catchUp.get("rows").asLong()).isEqualTo(1);
			assertThat(runsOf(bot, start, end)).isEmpty();

			this.clock.advance(Duration.ofMinutes(5));
			this.scheduler.runDue();
			JsonNode run = awaitRun(bot, start, end, "SENT");
			assertThat(run.get("rows").asLong()).isEqualTo(5);
			assertThat(run.get("attempts").asInt()).isEqualTo(1);
			assertThat(run.get("timezone").asString()).isEqualTo(zone.getId());
			assertThat(run.get("recipients").toString()).isEqualTo("[\"" + recipient + "\"]");
			String day = LocalDate.ofInstant(start, zone).toString();
			MimeMessage email = onlyEmail(recipient, day);
			assertThat(email.getFrom()[0].toString()).isEqualTo("reports@tidings.test");
			assertThat(text(email)).contains("Total: 5", "REPLY: 1", "FAILED: 1", "DELIVERED_USER: 1");
			Part attachment = attachment(email);
			assertThat(attachment.getContentType()).startsWith("text/csv");
			assertThat(attachment.getFileName()).isEqualTo("tidings-report-" + bot.id() + "-" + day + ".csv");
			List<CSVRecord> rows = csv(attachment);
			assertThat(rows.stream().map((row) -> row.get("id"))).containsExactlyInAnyOrderElementsOf(inPeriod)
				.doesNotContain(later);

			this.scheduler.runDue();
			this.clock.advance(Duration.ofMinutes(1));
			this.scheduler.runDue();
			assertThat(runsOf(bot, start, end)).hasSize(1);
			assertThat(emailsTo(recipient, day)).hasSize(1);
		}
		finally {
			schedule(bot, "{\"frequency\":\"off\"}");
		}
	}

	@Test
	void reportThatFailsIsRetriedOnceTheSmtpServerIsBack() throws Exception {
		String recipient = "retry-" + UUID.randomUUID() + "@example.com";
		TestBot bot = this.client.newBot("\"reportRecipients\":[\"" + recipient + "\"]");
		Instant end = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC)
			.atStartOfDay()
			.toInstant(ZoneOffset.UTC);
		Instant start = end.minus(Duration.ofDays(1));
		mail.stop();
		try {
			schedule(bot, "{\"frequency\":\"daily\",\"time\":\"00:00\",\"timezone\":\"UTC\"}");
			this.scheduler.runDue();
			JsonNode failed = awaitRun(bot, start, end, "FAILED");
			assertThat(failed.get("attempts").asInt()).isEqualTo(1);
			assertThat(failed.get("error").asString()).isNotBlank();
			Instant retryAt = Instant.parse(failed.get("nextAttemptAt").asString());
			assertThat(retryAt).isAfter(this.clock.instant().plus(this.properties.retryDelay()).minusSeconds(30));
		}
		finally {
			mail = new GreenMail(
					new ServerSetup(this.properties.mail().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			mail.start();
		}
		try {
			this.scheduler.runDue();
			assertThat(runsOf(bot, start, end).get(0).get("status").asString()).isEqualTo("FAILED");
			this.clock.advance(this.properties.retryDelay());
			this.scheduler.runDue();
			JsonNode sent = awaitRun(bot, start, end, "SENT");
			assertThat(sent.get("attempts").asInt()).isEqualTo(2);
			assertThat(sent.get("error").isNull()).isTrue();
			assertThat(emailsTo(recipient, start.atZone(ZoneOffset.UTC).toLocalDate().toString())).hasSize(1);
		}
		finally {
			schedule(bot, "{\"frequency\":\"off\"}");
		}
	}

	@Test
	void oneOffReportCoversTheAskedRangeAndIsLogged() throws Exception {
		String recipient = "once-" + UUID.randomUUID() + "@example.com";
		TestBot bot = this.client.newBot("\"reportRecipients\":[\"" + recipient + "\"]");
		List<String> ids = List.of(bot.send("whatsapp", "919876543215", null),
				bot.send("email", "ana@example.com", null));
		Instant now = this.clock.instant();
		String base = "/v1/bots/" + bot.id() + "/reports";
		JsonNode queued = post(bot, base + "/send",
				"{\"from\":\"" + now.minusSeconds(3600) + "\",\"to\":\"" + now.plusSeconds(3600) + "\"}")
			.expect(202)
			.json();
		assertThat(queued.get("kind").asString()).isEqualTo("ONE_OFF");
		assertThat(queued.get("status").asString()).isIn("PENDING", "SENDING", "SENT");
		assertThat(queued.get("recipients").toString()).isEqualTo("[\"" + recipient + "\"]");
		String id = queued.get("id").asString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> bot.get(base + "/runs/" + id).json().get("status").asString().equals("SENT"));
		assertThat(bot.get(base + "/runs/" + id).json().get("rows").asLong()).isEqualTo(2);
		MimeMessage email = await().atMost(Duration.ofSeconds(5))
			.until(() -> emailsTo(recipient, ""), (emails) -> emails.size() == 1)
			.get(0);
		assertThat(csv(attachment(email)).stream().map((row) -> row.get("id")))
			.containsExactlyInAnyOrderElementsOf(ids);

		String other = "other-" + UUID.randomUUID() + "@example.com";
		String emptyId = post(bot, base + "/send",
				"{\"from\":\"2020-01-01\",\"to\":\"2020-01-31\",\"recipients\":[\"" + other + "\"]}")
			.expect(202)
			.json()
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> bot.get(base + "/runs/" + emptyId).json().get("status").asString().equals("SENT"));
		MimeMessage empty = await().atMost(Duration.ofSeconds(5))
			.until(() -> emailsTo(other, "2020-01-01 to 2020-01-31"), (emails) -> emails.size() == 1)
			.get(0);
		assertThat(csv(attachment(empty))).isEmpty();
		assertThat(attachment(empty).getFileName())
			.isEqualTo("tidings-report-" + bot.id() + "-2020-01-01_2020-01-31.csv");

		JsonNode runs = bot.get(base + "/runs").expect(200).json();
		assertThat(runs.get("total").asLong()).isEqualTo(2);
		assertThat(runs.get("results").valueStream().map((r) -> r.get("id").asString())).containsExactly(emptyId, id);
		assertThat(runs.get("results").get(0).get("from").asString()).isEqualTo("2020-01-01T00:00:00.000Z");
		assertThat(runs.get("results").get(0).get("to").asString()).isEqualTo("2020-02-01T00:00:00.000Z");
		assertThat(runs.get("results").get(0).get("recipients").toString()).isEqualTo("[\"" + other + "\"]");
		assertThat(runs.get("results").get(0).get("sentAt").isNull()).isFalse();
	}

	@Test
	void withoutAnSmtpServerReportsAreRefusedOrFailNamingTheMissingProperty() {
		ReportMail unconfigured = new ReportMail(new ReportProperties(Duration.ofMinutes(1), Duration.ofMinutes(5), 6,
				Duration.ofMinutes(30), new ReportProperties.Mail(null, 25, null, null, null, false, false)));
		TestBot bot = this.client.newBot("\"reportRecipients\":[\"ops@example.com\"]");
		ReportRuns runs = new ReportRuns(this.bots, this.repository, this.scheduler, unconfigured, this.clock);
		Instant now = this.clock.instant();
		assertThatExceptionOfType(ReportMailUnavailableException.class)
			.isThrownBy(() -> runs.sendOnce(bot.id(), now.minusSeconds(60), now, null))
			.withMessage("report email is not configured: set tidings.reports.mail.host")
			.satisfies((ex) -> assertThat(ex.property()).isEqualTo("tidings.reports.mail.host"));
		assertThat(runs.count(bot.id())).isZero();
		ReportRun due = new ReportRun(UUID.randomUUID(), bot.id(), ReportRun.Kind.SCHEDULED, now.minusSeconds(60), now,
				ZoneOffset.UTC, List.of("ops@example.com"), ReportRun.State.SENDING, 1, null, null, now, null, null);
		assertThatExceptionOfType(ReportMailUnavailableException.class)
			.isThrownBy(() -> new ReportSender(this.bots, this.export, unconfigured).send(due))
			.withMessageContaining("tidings.reports.mail.host");
		ReportMail withoutSender = new ReportMail(new ReportProperties(Duration.ofMinutes(1), Duration.ofMinutes(5), 6,
				Duration.ofMinutes(30), new ReportProperties.Mail("127.0.0.1", 25, null, null, " ", false, false)));
		assertThatExceptionOfType(ReportMailUnavailableException.class).isThrownBy(withoutSender::checkConfigured)
			.withMessage("report email is not configured: set tidings.reports.mail.from");
	}

	@Test
	void badReportRequestsAreRefusedNamingTheField() {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		String send = "/v1/bots/" + bot.id() + "/reports/send";
		assertNamed(post(bot, send, "{\"to\":\"2025-01-01\"}"), 400, 1426, "from");
		assertNamed(post(bot, send, "{\"from\":\"2025-01-01\",\"to\":\"soon\"}"), 400, 100, "to");
		assertNamed(post(bot, send, "{\"from\":\"2025-01-02\",\"to\":\"2025-01-01\"}"), 400, 100, "from");
		assertNamed(post(bot, send, "{\"from\":\"2024-01-01\",\"to\":\"2025-06-01\"}"), 400, 100, "to");
		assertNamed(post(bot, send, "{\"from\":\"2025-01-01\",\"to\":\"2025-01-01\"}"), 400, 100, "recipients");
		assertNamed(
				post(bot, send, "{\"from\":\"2025-01-01\",\"to\":\"2025-01-01\",\"recipients\":[\"a@b.co\",\"x\"]}"),
				400, 100, "recipients[1]");
		assertError(post(other, send, "{\"from\":\"2025-01-01\",\"to\":\"2025-01-01\"}"), 404, 1425);
		assertError(other.get("/v1/bots/" + bot.id() + "/reports/runs"), 404, 1425);
		assertError(bot.get("/v1/bots/" + bot.id() + "/reports/runs/" + UUID.randomUUID()), 404, 1425);
	}

	@Test
	void badSchedulesAreRefusedNamingTheFieldAndGoodOnesAreShownNormalised() {
		TestBot bot = this.client.newBot(null);
		String path = "/v1/bots/" + bot.id();
		assertNamed(patch(path, "{\"reportSchedule\":{\"frequency\":\"hourly\"}}"), 400, 100,
				"reportSchedule.frequency");
		assertNamed(patch(path, "{\"reportSchedule\":{\"time\":\"06:00\"}}"), 400, 100, "reportSchedule.frequency");
		assertNamed(patch(path, "{\"reportSchedule\":{\"frequency\":\"weekly\",\"dayOfWeek\":\"Funday\"}}"), 400, 100,
				"reportSchedule.dayOfWeek");
		assertNamed(patch(path, "{\"reportSchedule\":{\"frequency\":\"daily\",\"time\":\"6am\"}}"), 400, 100,
				"reportSchedule.time");
		assertNamed(patch(path, "{\"reportSchedule\":{\"frequency\":\"daily\",\"timezone\":\"Mars/Olympus\"}}"), 400,
				100, "reportSchedule.timezone");
		assertNamed(patch(path, "{\"reportSchedule\":\"daily\"}"), 400, 100, "reportSchedule");
		assertNamed(patch(path, "{\"reportRecipients\":[\"ops@example.com\",\"not an address\"]}"), 400, 100,
				"reportRecipients[1]");
		JsonNode patched = patch(path,
				"{\"reportRecipients\":\"ops@example.com\",\"reportSchedule\":{\"frequency\":\"Weekly\","
						+ "\"dayOfWeek\":\"friday\",\"timezone\":\"Europe/Madrid\"}}")
			.expect(200)
			.json();
		try {
			assertThat(patched.get("reportSchedule").toString()).isEqualTo(
					"{\"frequency\":\"weekly\",\"dayOfWeek\":\"FRIDAY\",\"time\":\"06:00\",\"timezone\":\"Europe/Madrid\"}");
			assertThat(patched.get("reportRecipients").toString()).isEqualTo("[\"ops@example.com\"]");
			JsonNode runs = bot.get(path + "/reports/runs").expect(200).json();
			assertThat(runs.get("schedule")).isEqualTo(patched.get("reportSchedule"));
			Instant next = Instant.parse(runs.get("nextScheduledAt").asString());
			assertThat(next).isAfter(this.clock.instant()).isBefore(this.clock.instant().plus(Duration.ofDays(7)));
		}
		finally {
			schedule(bot, "{\"frequency\":\"off\"}");
		}
		assertThat(bot.get(path + "/reports/runs").json().get("nextScheduledAt").isNull()).isTrue();
	}

	private void schedule(TestBot bot, String schedule) {
		patch("/v1/bots/" + bot.id(), "{\"reportSchedule\":" + schedule + "}").expect(200);
	}

	private Response patch(String path, String body) {
		return this.client.patch(path, body, "x-api-key", ADMIN);
	}

	private Response post(TestBot bot, String path, String body) {
		return this.client.post(path, body, "x-api-key", bot.key());
	}

	private JsonNode awaitRun(TestBot bot, Instant from, Instant to, String status) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> runsOf(bot, from, to),
					(runs) -> runs.size() == 1 && runs.get(0).get("status").asString().equals(status))
			.get(0);
	}

	private List<JsonNode> runsOf(TestBot bot, Instant from, Instant to) {
		JsonNode results = bot.get("/v1/bots/" + bot.id() + "/reports/runs?limit=500")
			.expect(200)
			.json()
			.get("results");
		return results.valueStream()
			.filter((r) -> Instant.parse(r.get("from").asString()).equals(from)
					&& Instant.parse(r.get("to").asString()).equals(to))
			.toList();
	}

	private MimeMessage onlyEmail(String recipient, String subjectPart) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> emailsTo(recipient, subjectPart), (emails) -> emails.size() == 1)
			.get(0);
	}

	private static List<MimeMessage> emailsTo(String recipient, String subjectPart) throws Exception {
		List<MimeMessage> emails = new ArrayList<>();
		for (MimeMessage message : mail.getReceivedMessages()) {
			boolean addressed = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
				.anyMatch((address) -> address.toString().equals(recipient));
			if (addressed && message.getSubject().contains(subjectPart)) {
				emails.add(message);
			}
		}
		return emails;
	}

	private static String text(MimeMessage email) throws Exception {
		Multipart parts = (Multipart) email.getContent();
		for (int i = 0; i < parts.getCount(); i++) {
			Part part = parts.getBodyPart(i);
			if (!Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no text part");
	}

	private static Part attachment(MimeMessage email) throws Exception {
		Multipart parts = (Multipart) email.getContent();
		for (int i = 0; i < parts.getCount(); i++) {
			Part part = parts.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				return part;
			}
		}
		throw new AssertionError("no attachment");
	}

	private static List<CSVRecord> csv(Part attachment) throws Exception {
		String text = new String(attachment.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(text))) {
			assertThat(parser.getHeaderNames()).startsWith("id", "messageId", "destination");
			return parser.getRecords();
		}
	}

	/**
	 * A fixed-offset zone in which {@code instant} is midnight.
	 */
	private static ZoneOffset midnightAt(Instant instant) {
		int offset = (int) -Math.floorMod(instant.getEpochSecond(), 86_400L);
		return ZoneOffset.ofTotalSeconds((offset < -43_200) ? offset + 86_400 : offset);
	}

	private String insert(String botId, Instant createdAt) {
		UUID id = UUID.randomUUID();
		this.jdbc
			.update("""
					insert into notification (id, bot_id, channel, origin, callback_format, template_name, destination,
					  content, status, created_at)
					values (?, ?, 'whatsapp', 'API', 'yellow', 'welcome', '919876500000', '{}'::jsonb, 'DELIVERED_CHANNEL', ?)""",
					id, botId, Timestamp.from(createdAt));
		return id.toString();
	}

	private static void assertNamed(Response response, int status, int code, String field) {
		assertError(response, status, code);
		assertThat(response.json().get("message").asString()).startsWith(field + " ");
	}

}
