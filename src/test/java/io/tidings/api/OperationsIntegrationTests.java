package io.tidings.api;

import java.time.Duration;

import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
class OperationsIntegrationTests {

	@Autowired
	TidingsClient client;

	@Test
	void healthCoversTheDatabaseAndTheQueue() {
		JsonNode health = this.client.get("/actuator/health").expect(200).json();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("queue").get("details").has("depth")).isTrue();
	}

	@Test
	void prometheusCountsAcceptedAndDispatchedNotifications() {
		TestBot bot = this.client.newBot(null);
		String id = bot.send("whatsapp", "919876543211", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		String metrics = this.client.get("/actuator/prometheus").expect(200).body();
		assertThat(metrics).contains("tidings_notifications_accepted_total", "tidings_notifications_dispatched_total",
				"tidings_notifications_failed_total", "tidings_queue_depth");
	}

	@Test
	void openApiDescribesThePushEndpointAndSwaggerUiIsServed() {
		JsonNode api = this.client.get("/v3/api-docs").expect(200).json();
		assertThat(api.get("paths").has("/api/engagements/notifications/v2/push")).isTrue();
		assertThat(this.client.get("/docs").status()).isIn(200, 302);
		assertThat(this.client.get("/swagger-ui/index.html").status()).isEqualTo(200);
	}

	@Test
	void demoBotIsCreatedOnAnEmptyDatabase() {
		JsonNode demo = this.client.get("/v1/bots/demo", "x-api-key", TidingsClient.ADMIN_KEY).expect(200).json();
		assertThat(demo.get("name").asString()).isEqualTo("Demo bot");
		JsonNode templates = this.client.get("/v1/bots/demo/templates", "x-api-key", TidingsClient.ADMIN_KEY).json();
		assertThat(templates.findValuesAsString("name")).contains("demo_welcome");
		assertThat(this.client.get("/v1/bots/demo/channels", "x-api-key", TidingsClient.ADMIN_KEY).json()).hasSize(3);
	}

}
