package io.tidings.api.yellow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.tidings.TidingsApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A scheduled push is kept by the database, not by the instance that accepted it: it is
 * sent at its time by the instance that runs after a restart.
 */
class ScheduledPushRestartIntegrationTests {

	private static final String ADMIN = "restart-admin";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path serverDir;

	@Test
	void aScheduledPushSurvivesARestartAndLeavesAtItsTime() throws Exception {
		try (EmbeddedPostgres database = EmbeddedPostgres.builder().setDataDirectory(this.serverDir).start()) {
			String url = "jdbc:postgresql://localhost:" + database.getPort() + "/postgres";
			Instant at;
			String msgId;
			String key;
			// the first instance accepts and stops before sending anything: no dispatch
			// workers
			try (ConfigurableApplicationContext first = start(url, "--tidings.dispatch.workers=0")) {
				String base = base(first);
				call(base, "POST", "/v1/bots", "{\"botId\":\"later\",\"name\":\"Later\"}", ADMIN);
				call(base, "PUT", "/v1/bots/later/channels/whatsapp", "{\"provider\":\"simulator\",\"stepDelayMs\":0}",
						ADMIN);
				call(base, "POST", "/v1/bots/later/templates",
						"{\"name\":\"reminder\",\"channel\":\"whatsapp\",\"body\":\"See you at {{1}}\"}", ADMIN);
				key = call(base, "POST", "/v1/bots/later/keys", "{\"name\":\"client\"}", ADMIN).get("key").asString();
				at = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
				msgId = call(base, "POST", "/api/engagements/notifications/v2/push?bot=later",
						"{\"userDetails\":{\"number\":\"919876543215\"},\"notification\":{\"templateId\":\"reminder\","
								+ "\"params\":{\"1\":\"10:00\"}},\"config\":{\"scheduleAt\":\"" + at + "\"}}",
						key)
					.get("msgId")
					.asString();
				assertThat(call(base, "GET", "/v1/bots/later/notifications/" + msgId, null, key).get("sentStatus")
					.asString()).isEqualTo("CREATED");
			}
			try (ConfigurableApplicationContext second = start(url, "--tidings.dispatch.workers=2")) {
				String base = base(second);
				String client = key;
				String id = msgId;
				await().atMost(Duration.ofSeconds(30))
					.until(() -> call(base, "GET", "/v1/bots/later/notifications/" + id, null, client).get("sentStatus")
						.asString()
						.equals("READ"));
				JsonNode sent = call(base, "GET", "/v1/bots/later/notifications/" + id, null, client);
				assertThat(Instant.parse(sent.get("sentDate").asString())).isAfterOrEqualTo(at);
			}
		}
	}

	private static ConfigurableApplicationContext start(String url, String workers) {
		return new SpringApplicationBuilder(TidingsApplication.class).run("--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres", "--server.port=0", "--tidings.admin-key=" + ADMIN,
				"--tidings.dispatch.poll-interval=100ms", workers, "--logging.level.root=warn");
	}

	private static String base(ConfigurableApplicationContext context) {
		return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
	}

	private JsonNode call(String base, String method, String path, String body, String key) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("x-api-key", key);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isBetween(200, 299);
		return this.json.readTree(response.body());
	}

}
