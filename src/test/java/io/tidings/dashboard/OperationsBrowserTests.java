package io.tidings.dashboard;

import java.time.Duration;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import io.tidings.support.ConsoleBrowser;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's pages for API.md §14 in Debian's Chromium: the opt-out list, the SMS
 * fallback link, and where a template comes from.
 */
@IntegrationTest
class OperationsBrowserTests {

	@Autowired
	TidingsClient client;

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
	void optOutListIsSearchedAddedToAndRemovedFrom() {
		TestBot bot = this.client.newBot(null);
		this.client
			.post("/webhooks/simulator/" + bot.id() + "/inbound", "{\"from\":\"919876543299\",\"text\":\"STOP\"}",
					"x-api-key", bot.key())
			.expect(200);
		Page page = signIn(bot.key());
		page.click("nav.sections >> text=Opt-outs");
		assertThat(page).hasURL(Pattern.compile(".*/console/bots/" + bot.id() + "/suppressions$"));
		assertThat(page.locator("#suppressions tbody tr")).hasCount(1);
		assertThat(page.locator("#suppressions")).containsText("stop-word");

		page.selectOption("#suppression-channel", "sms");
		page.fill("#suppression-recipient", "+91 98765 43215");
		page.click("#suppression-add");
		assertThat(page.locator("#suppression-notice")).containsText("919876543215");
		assertThat(page.locator("#suppressions tbody tr")).hasCount(2);
		assertThat(page.locator("#suppression-total")).hasText("2");

		// htmx binds the as-you-type search once the page has loaded
		page.waitForLoadState(LoadState.LOAD);
		page.fill("#suppression-search", "43215");
		assertThat(page.locator("#suppressions tbody tr")).hasCount(1);
		assertThat(page.locator("#suppressions .recipient")).hasText("919876543215");
		ConsoleBrowser.screenshot(page, "suppressions");

		page.locator("#suppressions tbody tr").first().locator("button").click();
		assertThat(page.locator("#suppression-total")).hasText("1");
		assertThat(page.locator("#suppressions .recipient")).hasText("919876543299");
		org.assertj.core.api.Assertions.assertThat(
				bot.get("/v1/bots/" + bot.id() + "/suppressions?channel=sms").expect(200).json().get("total").asLong())
			.isZero();
	}

	@Test
	void notificationPagesLinkAWhatsAppFailureToItsSmsFallback() {
		TestBot bot = this.client.newBot("\"fallback\":{\"whatsappToSms\":true}");
		String original = bot.send("whatsapp", "919876543200", null);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> bot.notification(original).expect(200).json().has("fallbackId"));
		String fallback = bot.notification(original).json().get("fallbackId").asString();
		Page page = signIn(bot.key());
		page.navigate("/console/bots/" + bot.id() + "/notifications/" + original);
		assertThat(page.locator("#current-status")).hasText("FAILED");
		assertThat(page.locator("#fallback-id")).hasText(fallback);
		ConsoleBrowser.screenshot(page, "notification-fallback");
		page.click("#fallback-id");
		assertThat(page).hasURL(Pattern.compile(".*/notifications/" + fallback + "$"));
		assertThat(page.locator("#fallback-of")).hasText(original);
		assertThat(page.locator("#current-status")).hasText("DELIVERED_USER");
	}

	@Test
	void templatesShowTheirSourceAndLastSync() {
		WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		graph.start();
		try {
			graph.stubFor(get(urlPathEqualTo("/v21.0/waba-9/message_templates")).willReturn(aResponse()
				.withHeader("Content-Type", "application/json")
				.withBody(
						"{\"data\":[{\"name\":\"order_ready\",\"components\":[{\"type\":\"BODY\",\"text\":\"Order {{1}} is ready\"}],"
								+ "\"language\":\"en_US\",\"status\":\"APPROVED\",\"category\":\"UTILITY\",\"id\":\"7\"}],"
								+ "\"paging\":{\"cursors\":{\"before\":\"a\",\"after\":\"b\"}}}")));
			TestBot bot = this.client.newBot(null);
			this.client.put("/v1/bots/" + bot.id() + "/channels/whatsapp",
					"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"1\",\"wabaId\":\"waba-9\",\"accessToken\":\"t\",\"baseUrl\":\""
							+ graph.baseUrl() + "\"}",
					"x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200);
			Page page = signIn(bot.key());
			page.navigate("/console/bots/" + bot.id() + "/templates");
			page.click("#sync-templates");
			assertThat(page.locator("#sync-result")).containsText("1 created");
			assertThat(page.locator("#templates tr", new Page.LocatorOptions().setHasText("order_ready"))
				.locator(".template-source")).hasText("synced from Meta");
			assertThat(page.locator("#templates tr", new Page.LocatorOptions().setHasText("Hello {{1}}"))
				.first()
				.locator(".template-source")).hasText("manual");
			ConsoleBrowser.screenshot(page, "templates-synced");
			page.click("text=order_ready");
			assertThat(page.locator("#template-source")).hasText("synced from Meta");
			assertThat(page.locator("#template-synced")).not().hasText("never");
		}
		finally {
			graph.stop();
		}
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
