package io.tidings.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accepted messages whose dispatch records nobody consumes (this instance runs no
 * dispatch consumer, as when every consumer of the group is dead) are still sent, once
 * each, by the PostgreSQL queue when their grace ends.
 */
@ExtendWith(KafkaDispatchGapIntegrationTests.Broker.class)
@IntegrationTest
@TestPropertySource(properties = { "tidings.kafka.partitions=2", "tidings.kafka.dispatch-consumers=0",
		"tidings.kafka.dispatch-grace=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaDispatchGapIntegrationTests {

	private static final EmbeddedKafkaKraftBroker BROKER = EmbeddedBrokers.start();

	private static final String MESSAGES = "/v21.0/3077/messages";

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("tidings.kafka.bootstrap-servers", BROKER::getBrokersAsString);
	}

	/**
	 * Stops the broker after the context.
	 */
	static class Broker implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext extension) {
			BROKER.destroy();
		}

	}

	@Test
	void messagesTheDispatchGroupNeverGetsAreSentOnceEachByThePostgresqlQueueAfterTheGrace() {
		WireMockServer graph = new WireMockServer(
				WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
		graph.start();
		try {
			graph.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"messages\":[{\"id\":\"wamid.GAP\"}]}")));
			TestBot bot = this.client.newBot(null);
			this.client.put("/v1/bots/" + bot.id() + "/channels/whatsapp",
					"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"3077\",\"accessToken\":\"EAAG-token\",\"appSecret\":"
							+ "\"gap-secret\",\"verifyToken\":\"let-me-in\",\"baseUrl\":\"" + graph.baseUrl() + "\"}",
					"x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				ids.add(bot.send("whatsapp", "91987650" + (3000 + i), null));
			}
			// Kafka has their records (acknowledged), but no consumer takes them
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.meters.get("tidings.kafka.dispatch.published").counter().count() >= 10);
			await().atMost(Duration.ofSeconds(90))
				.until(() -> ids.stream().allMatch((id) -> bot.status(id).equals("DELIVERED_CHANNEL")));
			for (int i = 0; i < 10; i++) {
				String number = "91987650" + (3000 + i);
				assertThat(graph.findAll(postRequestedFor(urlEqualTo(MESSAGES)))
					.stream()
					.filter((r) -> r.getBodyAsString().contains("\"" + number + "\""))
					.count()).as("sends to %s", number).isEqualTo(1);
			}
			// the queue's claim of a born row counts a second attempt: they were not
			// sent by the group
			for (String id : ids) {
				assertThat(this.jdbc.queryForObject("select attempts from notification where id = ?::uuid",
						Integer.class, id))
					.isEqualTo(2);
			}
			assertThat(this.meters.get("tidings.kafka.dispatch.claimed").counter().count()).isZero();
		}
		finally {
			graph.stop();
		}
	}

}
