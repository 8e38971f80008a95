package io.tidings.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

/**
 * One headless Chromium for the whole test run, driven by Playwright: Debian's
 * {@code /usr/bin/chromium} (or {@code TIDINGS_CHROMIUM}), never a downloaded browser.
 * Without a Chromium the browser tests are skipped locally and fail on CI.
 */
public final class ConsoleBrowser {

	private static Playwright playwright;

	private static Browser browser;

	private ConsoleBrowser() {
	}

	/**
	 * A fresh browser context (its own cookies) on the service's base URL.
	 */
	public static synchronized BrowserContext newContext(String baseUrl) {
		if (browser == null) {
			Path chromium = chromium();
			playwright = Playwright
				.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
			browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
					.setHeadless(true)
					.setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu")));
			Runtime.getRuntime().addShutdownHook(new Thread(ConsoleBrowser::close));
		}
		BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(baseUrl)
			.setViewportSize(1280, 900)
			.setAcceptDownloads(true));
		context.setDefaultTimeout(15_000);
		return context;
	}

	/**
	 * Saves a full-page screenshot as {@code target/screenshots/<name>.png}.
	 */
	public static Path screenshot(Page page, String name) {
		Path file = Paths.get("target", "screenshots", name + ".png");
		page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
		return file;
	}

	private static Path chromium() {
		String configured = System.getenv("TIDINGS_CHROMIUM");
		Path path = Paths.get((configured != null && !configured.isBlank()) ? configured : "/usr/bin/chromium");
		if (!Files.isExecutable(path)) {
			String message = "No Chromium at " + path
					+ ": install it (apt-get install -y chromium) or set TIDINGS_CHROMIUM";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		return path;
	}

	private static synchronized void close() {
		if (browser != null) {
			browser.close();
			playwright.close();
			browser = null;
		}
	}

}
