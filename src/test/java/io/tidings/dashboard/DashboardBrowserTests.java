package io.tidings.dashboard;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tidings.report.ReportProperties;
import io.tidings.support.ConsoleBrowser;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console as a person uses it, in Debian's Chromium: each test signs in, works
 * through pages and leaves a screenshot under {@code target/screenshots}.
 */
@IntegrationTest
class DashboardBrowserTests {

	@Autowired
	TidingsClient client;

	@Autowired
	ReportProperties reports;

	@Autowired
	MutableClock clock;

	private BrowserContext context;

	@BeforeAll
	static void slowerAssertions() {
		com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
	}

	@AfterEach
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void overviewNumbersFollowSendsThroughTheApi() {
		TestBot bot = this.client.newBot(null);
		Page page = signIn(bot.key());
		assertThat(page).hasURL(Pattern.compile(".*/console/bots/" + bot.id() + "$"));
		assertThat(page.locator("#stat-created")).hasText("0");
		for (int i = 0; i < 3; i++) {
			bot.send("whatsapp", "91987654321" + (5 + i), null);
		}
		bot.send("whatsapp", "919876543210", null);
		assertThat(page.locator("#stat-created")).hasText("4");
		assertThat(page.locator("#stat-read")).hasText("3");
		assertThat(page.locator("#stat-failed")).hasText("1");
		assertThat(page.locator("#funnel-chart")).isVisible();
		// without Kafka, no lag and no dead letters on the page
		assertThat(page.locator("#overview")).not().containsText("Kafka");
		assertThat(page.locator("#dead-letters")).hasCount(0);
		assertThat(page.request().get("/console/bots/" + bot.id() + "/overview.json").text()).doesNotContain("lag_")
			.doesNotContain("kafkaLag")
			.doesNotContain("deadLetters");
		ConsoleBrowser.screenshot(page, "overview");
		page.setViewportSize(390, 844);
		page.reload();
		assertThat(page.locator("#stat-created")).hasText("4");
		assertThat((Integer) page.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
		ConsoleBrowser.screenshot(page, "overview-phone");
	}

	@Test
	void notificationDetailShowsItsTimelineAndCallbackAttempts() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			String id = bot.send("whatsapp", "919876543213", null);
			await().until(() -> bot.status(id).equals("REPLY"));
			await().until(() -> receiver.accepted().size() >= 5);
			Page page = signIn(bot.key());
			page.navigate("/console/bots/" + bot.id() + "/notifications");
			assertThat(page.locator("#notifications tbody tr")).hasCount(1);
			ConsoleBrowser.screenshot(page, "notifications");
			page.locator("#notifications tbody a").first().click();
			assertThat(page.locator("#current-status")).hasText("REPLY");
			assertThat(page.locator("#timeline li")).hasCount(5);
			assertThat(page.locator("#timeline")).containsText("DELIVERED_USER");
			assertThat(page.locator("#callbacks")).containsText("DELIVERED");
			assertThat(page.locator("#callbacks")).containsText("2xx at the first attempt");
			ConsoleBrowser.screenshot(page, "notification");
		}
	}

	@Test
	void csvExportDownloadsTheFilteredNotifications() throws Exception {
		TestBot bot = this.client.newBot(null);
		bot.send("sms", "919876543215", null);
		bot.send("whatsapp", "919876543216", null);
		Page page = signIn(bot.key());
		page.navigate("/console/bots/" + bot.id() + "/notifications");
		page.fill("input[name=elementName]", "welcome");
		page.click("#filters button[type=submit]");
		assertThat(page.locator("#notifications tbody tr")).hasCount(2);
		Download download = page.waitForDownload(() -> page.click("#download-csv"));
		List<String> lines = Files.readAllLines(download.path(), StandardCharsets.UTF_8);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).startsWith("id,messageId,destination");
		assertThat(String.join("\n", lines)).contains("919876543215", "919876543216");
	}

	@Test
	void campaignIsCreatedFromTheFormAndPaused() {
		TestBot bot = this.client.newBot(null);
		StringBuilder contacts = new StringBuilder("{\"name\":\"Customers\",\"contacts\":[");
		for (int i = 0; i < 300; i++) {
			contacts.append((i > 0) ? "," : "")
				.append("{\"number\":\"91987650")
				.append(String.format("%04d", i))
				.append("\",\"attributes\":{\"1\":\"C")
				.append(i)
				.append("\",\"2\":\"O")
				.append(i)
				.append("\"}}");
		}
		bot.client()
			.post("/v1/bots/" + bot.id() + "/buckets", contacts.append("]}").toString(), "x-api-key", bot.key())
			.expect(201);
		Page page = signIn(bot.key());
		page.navigate("/console/bots/" + bot.id() + "/campaigns");
		page.fill("#new-campaign input[name=name]", "Spring sale");
		page.selectOption("#new-campaign select[name=templateId]",
				new SelectOption().setLabel("welcome (whatsapp, APPROVED)"));
		page.selectOption("#new-campaign select[name=bucketId]", new SelectOption().setLabel("Customers (300)"));
		page.fill("#new-campaign input[name=ratePerSecond]", "5");
		page.click("#new-campaign button[type=submit]");
		assertThat(page.locator("#campaign-status")).hasText("RUNNING");
		page.click("#pause");
		assertThat(page.locator("#campaign-status")).hasText("PAUSED");
		ConsoleBrowser.screenshot(page, "campaign");
		page.navigate("/console/bots/" + bot.id() + "/campaigns");
		assertThat(page.locator("#campaigns tbody tr")).hasCount(1);
		assertThat(page.locator("#campaigns tbody")).containsText("PAUSED");
		assertThat(page.locator("#campaigns tbody")).containsText("/ 300");
		ConsoleBrowser.screenshot(page, "campaigns");
		page.navigate("/console/bots/" + bot.id() + "/campaigns");
		page.locator("#campaigns tbody a").first().click();
		page.click("#resume");
		assertThat(page.locator("#campaign-status")).hasText("RUNNING");
	}

	@Test
	void bucketCsvUploadReportsAcceptedAndRejectedRows() {
		TestBot bot = this.client.newBot(null);
		Page page = signIn(bot.key());
		page.navigate("/console/bots/" + bot.id() + "/buckets");
		page.fill("#new-bucket input[name=name]", "Newsletter");
		page.click("#new-bucket button[type=submit]");
		String csv = "number,name\n919876543215,Asha\n919876543216,Ravi\nnot-a-number,Bad\n919876543217,Meera\n";
		page.setInputFiles("#upload input[type=file]",
				new FilePayload("contacts.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
		page.click("#upload button[type=submit]");
		assertThat(page.locator("#imported")).hasText("3");
		assertThat(page.locator("#rejected-count")).hasText("1");
		assertThat(page.locator("#rejected tbody tr")).hasCount(1);
		assertThat(page.locator("#rejected")).containsText("not-a-number");
		assertThat(page.locator("#upload-progress")).isVisible();
		ConsoleBrowser.screenshot(page, "bucket-upload");
	}

	@Test
	void templatePreviewRendersSampleParamsAndEditsKeepTheStatus() {
		TestBot bot = this.client.newBot(null);
		Page page = signIn(bot.key());
		page.navigate("/console/bots/" + bot.id() + "/templates");
		page.fill("#template-form input[name=name]", "shipping");
		page.fill("#template-form textarea[name=body]", "Hi {{1}}, parcel {{2}} ships today");
		page.fill("#template-form textarea[name=samples]", "1=Asha\n2=P-77");
		page.click("#preview-button");
		assertThat(page.locator("#preview-body")).hasText("Hi Asha, parcel P-77 ships today");
		ConsoleBrowser.screenshot(page, "templates");
		page.click("#template-form button[type=submit]");
		assertThat(page.locator("#templates")).containsText("shipping");
		page.locator("#templates a", new Page.LocatorOptions().setHasText("shipping")).click();
		page.selectOption("#template-form select[name=status]", "PAUSED");
		page.click("#template-form button[type=submit]");
		assertThat(page.locator("#templates tr", new Page.LocatorOptions().setHasText("shipping")))
			.containsText("PAUSED");
	}

	@Test
	void deadWebhookDeliveryIsShownAndRetriedByHand() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			receiver.failNext(500, 500, 500, 500, 500, 500, 500, 500);
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			bot.send("sms", "919876543211", null);
			await().until(() -> bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?state=DEAD")
				.expect(200)
				.body()
				.contains("DEAD"));
			Page page = signIn(TidingsClient.ADMIN_KEY);
			page.navigate("/console/bots/" + bot.id() + "/webhooks?state=DEAD");
			assertThat(page.locator("#deliveries")).containsText("500");
			assertThat(page.locator("#webhook-secret")).hasText(bot.webhookSecret());
			ConsoleBrowser.screenshot(page, "webhooks");
			int before = receiver.accepted().size();
			page.locator("#deliveries button").first().click();
			await().until(() -> receiver.accepted().size() > before);
			page.click("#rotate-secret");
			assertThat(page.locator("#webhook-secret")).not().hasText(bot.webhookSecret());
		}
	}

	@Test
	void adminSeesEveryBotCreatesOneWithAKeyAndSignsOut() {
		Page page = signIn(TidingsClient.ADMIN_KEY);
		assertThat(page.locator("table")).containsText("demo");
		String id = "console_" + System.nanoTime();
		page.fill("input[name=botId]", id);
		page.fill("input[name=name]", "Console bot");
		page.click("form.grid button[type=submit]");
		assertThat(page).hasURL(Pattern.compile(".*/console/bots/" + id + "/keys$"));
		page.fill("input[name=name]", "ops");
		page.click("form.grid button[type=submit]");
		String key = page.locator("#new-key").textContent().strip();
		assertThat(key).startsWith("tk_");
		ConsoleBrowser.screenshot(page, "keys");
		this.client.get("/v1/bots/" + id, "x-api-key", key).expect(200);
		page.click("form.signout button");
		assertThat(page).hasURL(Pattern.compile(".*/login\\?signedOut$"));
		page.navigate("/console");
		assertThat(page).hasURL(Pattern.compile(".*/login$"));
	}

	@Test
	void storedMarkupInMessagesCsvsAndTemplatesNeverRuns() throws Exception {
		String script = "<script>window.__xss = 1</script>";
		String image = "<img src=x onerror=\"window.__xss = 2\">";
		TestBot bot = this.client.newBot(null);
		bot.push("{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"type\":\"whatsapp\","
				+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"" + script.replace("\"", "\\\"") + "\",\"2\":\""
				+ image.replace("\"", "\\\"") + "\"}}}")
			.expect(202);
		bot.client()
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"xss\",\"channel\":\"sms\",\"body\":\"" + image.replace("\"", "\\\"") + " {{1}}\"}",
					"x-api-key", bot.key())
			.expect(201);
		Page page = signIn(bot.key());
		AtomicInteger dialogs = new AtomicInteger();
		page.onDialog((dialog) -> {
			dialogs.incrementAndGet();
			dialog.dismiss();
		});
		page.navigate("/console/bots/" + bot.id() + "/buckets");
		page.fill("#new-bucket input[name=name]", image);
		page.click("#new-bucket button[type=submit]");
		page.setInputFiles("#upload input[type=file]",
				new FilePayload("x.csv", "text/csv",
						("number,note\n" + image.replace("\"", "\"\"") + ",x\n919876543215,\"" + script + "\"\n")
							.getBytes(StandardCharsets.UTF_8)));
		page.click("#upload button[type=submit]");
		assertThat(page.locator("#rejected")).containsText("<img src=x");
		for (String path : List.of("/notifications", "/templates", "/buckets", "")) {
			page.navigate("/console/bots/" + bot.id() + path);
			page.waitForLoadState();
			assertThat(page.evaluate("typeof window.__xss")).isEqualTo("undefined");
			assertThat(page.locator("img[src=x]")).hasCount(0);
		}
		page.navigate("/console/bots/" + bot.id() + "/notifications");
		page.locator("#notifications tbody a").first().click();
		assertThat(page.locator("pre")).containsText("<script>window.__xss = 1</script>");
		assertThat(page.locator("img[src=x]")).hasCount(0);
		ConsoleBrowser.screenshot(page, "xss-escaped");
		assertThat(page.evaluate("typeof window.__xss")).isEqualTo("undefined");
		assertThat(dialogs).hasValue(0);
	}

	@Test
	void reportsPageSummarisesSetsTheScheduleAndEmailsAOneOffCsv() throws Exception {
		GreenMail mail = new GreenMail(
				new ServerSetup(this.reports.mail().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		try {
			TestBot bot = this.client.newBot(null);
			bot.send("whatsapp", "919876543215", null);
			bot.send("sms", "919876543216", null);
			Page page = signIn(TidingsClient.ADMIN_KEY);
			page.navigate("/console/bots/" + bot.id() + "/reports?groupBy=template");
			assertThat(page.locator("#summary tbody")).containsText("welcome");
			assertThat(page.locator("#summary tfoot")).containsText("2");
			page.fill("#report-settings input[name=recipients]", "ops@example.com, cfo@example.com");
			page.selectOption("#report-settings select[name=frequency]", "weekly");
			page.selectOption("#report-settings select[name=dayOfWeek]", "FRIDAY");
			page.click("#report-settings button[type=submit]");
			assertThat(page.locator("#next-report")).isVisible();
			this.client.get("/v1/bots/" + bot.id(), "x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200)
				.body()
				.contains("FRIDAY");
			// the day by the service's clock, which other tests have moved ahead (near
			// midnight it is already tomorrow's)
			String today = java.time.LocalDate.ofInstant(this.clock.instant(), java.time.ZoneOffset.UTC).toString();
			page.fill("#send-report input[name=from]", today);
			page.fill("#send-report input[name=to]", today);
			page.fill("#send-report input[name=recipients]", "once@example.com");
			page.click("#send-report button[type=submit]");
			await().until(() -> sentTo(mail, "once@example.com") != null);
			page.reload();
			assertThat(page.locator("#runs tbody")).containsText("ONE_OFF");
			ConsoleBrowser.screenshot(page, "reports");
			String csv = attachment(sentTo(mail, "once@example.com"));
			assertThat(csv.lines()).hasSize(3);
			assertThat(csv).contains("919876543215", "919876543216");
		}
		finally {
			mail.stop();
		}
	}

	private static MimeMessage sentTo(GreenMail mail, String address) throws Exception {
		for (MimeMessage message : mail.getReceivedMessages()) {
			for (var recipient : message.getAllRecipients()) {
				if (recipient.toString().equals(address)) {
					return message;
				}
			}
		}
		return null;
	}

	private static String attachment(MimeMessage email) throws Exception {
		Multipart parts = (Multipart) email.getContent();
		for (int i = 0; i < parts.getCount(); i++) {
			BodyPart part = parts.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				return new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("no attachment");
	}

	private Page signIn(String key) {
		this.context = ConsoleBrowser.newContext(this.client.baseUrl());
		Page page = this.context.newPage();
		page.navigate("/console");
		assertThat(page).hasURL(Pattern.compile(".*/login$"));
		page.fill("#key", key);
		page.click("button[type=submit]");
		assertThat(page.locator("header.top")).isVisible();
		return page;
	}

}
