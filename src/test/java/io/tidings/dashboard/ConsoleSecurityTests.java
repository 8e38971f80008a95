package io.tidings.dashboard;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterRegistration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.context.WebApplicationContext;

import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in, session cookie, CSRF and headers, seen over plain HTTP; and the
 * API left as it was (no session, no console headers).
 */
@IntegrationTest
class ConsoleSecurityTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Autowired
	TidingsClient client;

	@Autowired
	WebApplicationContext context;

	@Test
	void apiRequestsPassOnlyTheFiltersTheyNeed() {
		// every filter but the trace id and body size limit is mapped to the console's
		// paths
		// only: the vendor APIs and provider webhooks pay for nothing else
		Map<String, ? extends FilterRegistration> filters = this.context.getServletContext().getFilterRegistrations();
		assertThat(filters).isNotEmpty();
		List<String> everywhere = new ArrayList<>();
		filters.forEach((name, registration) -> {
			if (!registration.getServletNameMappings().isEmpty() || registration.getUrlPatternMappings()
				.stream()
				.anyMatch((pattern) -> !ConsoleFilters.PATHS.contains(pattern))) {
				everywhere.add(registration.getClassName());
			}
		});
		assertThat(everywhere)
			.allSatisfy((filter) -> assertThat(filter).matches(".*\\.(TraceIdFilter|BodySizeFilter)"));
		assertThat(filters.values()).extracting(FilterRegistration::getClassName)
			.anySatisfy((filter) -> assertThat(filter).contains("DelegatingFilterProxy"))
			.anySatisfy((filter) -> assertThat(filter).contains("ServerHttpObservationFilter"));
		// the sessions shared through PostgreSQL (Spring Session) are the console's only
		assertThat(filters).containsKey("springSessionRepositoryFilter");
		assertThat(filters.get("springSessionRepositoryFilter").getUrlPatternMappings())
			.containsExactlyInAnyOrderElementsOf(ConsoleFilters.PATHS);
	}

	@Test
	void consolePagesNeedASignIn() throws Exception {
		HttpResponse<String> response = new Session().get("/console");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
	}

	@Test
	void visitorsWhoHaveNotSignedInCostNoSession() throws Exception {
		// console sessions are rows in PostgreSQL: an anonymous request must
		// not write one (a saved request before the login redirect, a CSRF
		// token on the login page)
		Session session = new Session();
		for (String path : List.of("/", "/console", "/console/bots/x/notifications?page=2", "/login",
				"/assets/console.js")) {
			HttpResponse<String> response = session.get(path);
			assertThat(response.statusCode()).as(path).isIn(200, 302);
			assertThat(response.headers().allValues("Set-Cookie")).as(path)
				.noneSatisfy((cookie) -> assertThat(cookie).startsWith("TIDINGS_SESSION="));
			if (path.equals("/login")) {
				// the sign-in form's CSRF token is a double-submit cookie instead
				assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(
						(cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN=").contains("HttpOnly", "SameSite=Lax"));
			}
		}
		// a failed sign-in neither
		HttpResponse<String> refused = session.signIn("tk_not_a_key");
		assertThat(refused.headers().allValues("Set-Cookie"))
			.noneSatisfy((cookie) -> assertThat(cookie).startsWith("TIDINGS_SESSION="));
	}

	@Test
	void aWrongKeyIsRefused() throws Exception {
		HttpResponse<String> response = new Session().signIn("tk_not_a_key");
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("/login?error"));
	}

	@Test
	void aBotKeySessionSeesOnlyItsBotAndNoAdminPages() throws Exception {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		Session session = new Session();
		HttpResponse<String> signedIn = session.signIn(bot.key());
		assertThat(signedIn.headers().firstValue("Location"))
			.hasValueSatisfying((l) -> assertThat(l).endsWith("/console"));
		assertThat(signedIn.headers().allValues("Set-Cookie"))
			.anySatisfy((c) -> assertThat(c).contains("TIDINGS_SESSION=", "HttpOnly", "SameSite=Lax"));
		HttpResponse<String> own = session.get("/console/bots/" + bot.id());
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
		assertThat(own.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(own.body()).doesNotContain("<script>").doesNotContain("onclick=");
		assertThat(session.get("/console/bots/" + other.id()).statusCode()).isEqualTo(404);
		assertThat(session.get("/console/bots/" + other.id() + "/notifications").statusCode()).isEqualTo(404);
		assertThat(session.get("/console/bots/" + bot.id() + "/keys").statusCode()).isEqualTo(403);
		assertThat(session.get("/console/bots/" + bot.id() + "/overview.json").body()).contains("\"created\":0");
	}

	@Test
	void formsWithoutTheCsrfTokenAreRefused() throws Exception {
		TestBot bot = this.client.newBot(null);
		Session session = new Session();
		session.signIn(bot.key());
		HttpResponse<String> forged = session.post("/console/bots/" + bot.id() + "/buckets", "name=forged");
		assertThat(forged.statusCode()).isEqualTo(403);
		String token = session.token("/console/bots/" + bot.id() + "/buckets");
		HttpResponse<String> real = session.post("/console/bots/" + bot.id() + "/buckets",
				"name=real&_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
		assertThat(real.statusCode()).isEqualTo(302);
		assertThat(bot.get("/v1/bots/" + bot.id() + "/buckets").expect(200).body()).contains("real")
			.doesNotContain("forged");
	}

	@Test
	void theApiStaysStatelessWithoutConsoleHeaders() {
		TestBot bot = this.client.newBot(null);
		var response = bot.get("/v1/bots/" + bot.id());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
		assertThat(this.client.get("/v1/bots/" + bot.id()).status()).isEqualTo(401);
	}

	@Test
	void staticAssetsAreServedWithoutASession() {
		assertThat(this.client.get("/assets/console.js").status()).isEqualTo(200);
		assertThat(this.client.get("/assets/vendor/htmx-2.0.11.min.js").status()).isEqualTo(200);
		assertThat(this.client.get("/assets/vendor/chart-4.5.1.umd.min.js").status()).isEqualTo(200);
	}

	/**
	 * A browser-like client: cookies kept, redirects not followed.
	 */
	private final class Session {

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		HttpResponse<String> get(String path) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(String path, String form) throws Exception {
			return this.http.send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> signIn(String key) throws Exception {
			String token = token("/login");
			return post("/login", "key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&_csrf="
					+ URLEncoder.encode(token, StandardCharsets.UTF_8));
		}

		String token(String path) throws Exception {
			Matcher matcher = CSRF.matcher(get(path).body());
			assertThat(matcher.find()).as("a CSRF token on " + path).isTrue();
			return matcher.group(1);
		}

		private URI uri(String path) {
			return URI.create(ConsoleSecurityTests.this.client.baseUrl() + path);
		}

	}

}
