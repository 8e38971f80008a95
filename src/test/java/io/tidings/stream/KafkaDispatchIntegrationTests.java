package io.tidings.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.support.ConsoleBrowser;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * First attempts of accepted messages through the dispatch group, against a real KRaft
 * broker on loopback and a real HTTP peer (the WhatsApp Cloud API on WireMock) that
 * counts what reaches it. The grace is longer than the test, so nothing here can have
 * been sent by the PostgreSQL queue's take-over of a born row.
 */
@ExtendWith(KafkaDispatchIntegrationTests.Broker.class)
@IntegrationTest
@TestPropertySource(properties = { "tidings.kafka.partitions=4", "tidings.kafka.dispatch-consumers=2",
		"tidings.kafka.dispatch-grace=10m", "tidings.kafka.lag-interval=200ms" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaDispatchIntegrationTests {

	private static final EmbeddedKafkaKraftBroker BROKER = EmbeddedBrokers.start();

	private static final String GROUP = "tidings-dispatch";

	private static final String MESSAGES = "/v21.0/2066/messages";

	private static WireMockServer graph;

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
	 * Stops the broker after the context, so that its consumers leave their groups while
	 * the broker still answers.
	 */
	static class Broker implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext extension) {
			BROKER.destroy();
		}

	}

	@BeforeAll
	static void startPeer() {
		graph = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
		graph.start();
		graph.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"messages\":[{\"id\":\"wamid.DISPATCH\"}]}")));
	}

	@AfterAll
	static void stopPeer() {
		graph.stop();
	}

	@Test
	void acceptedMessagesReachTheirProviderThroughTheDispatchGroupExactlyOnceEach() throws Exception {
		TestBot bot = botOnPeer();
		double claimedBefore = claimedByTheGroup();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			ids.add(bot.send("whatsapp", number(100 + i), null));
		}
		await().atMost(Duration.ofSeconds(90))
			.until(() -> ids.stream().allMatch((id) -> bot.status(id).equals("DELIVERED_CHANNEL")));
		for (int i = 0; i < 30; i++) {
			assertThat(sendsTo(number(100 + i))).as("sends to %s", number(100 + i)).isEqualTo(1);
		}
		// born claimed (one attempt), claimed by the group without counting another: the
		// PostgreSQL queue's claim would have made it two
		for (String id : ids) {
			assertThat(
					this.jdbc.queryForObject("select attempts from notification where id = ?::uuid", Integer.class, id))
				.isEqualTo(1);
		}
		assertThat(claimedByTheGroup() - claimedBefore).isEqualTo(30);
		await().atMost(Duration.ofSeconds(60)).until(() -> committed(GROUP) >= 30);
	}

	@Test
	void aRecordDeliveredAgainOrAfterItsRowWasTakenOverClaimsAndSendsNothing() throws Exception {
		TestBot bot = botOnPeer();
		String id = bot.send("whatsapp", number(200), null);
		await().atMost(Duration.ofSeconds(90)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		String record = recordOf(id);
		// as if the PostgreSQL queue had claimed the row (its lease in due_at) and not
		// sent
		// it yet: the record, delivered again, must not send it a second time
		this.jdbc.update("update notification set status = 'CREATED', due_at = now() + interval '1 hour'"
				+ " where id = ?::uuid", id);
		Object leased = this.jdbc.queryForObject("select due_at from notification where id = ?::uuid", Object.class,
				id);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", BROKER.getBrokersAsString()), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(Streams.DISPATCH, bot.id(), record)).get(30, TimeUnit.SECONDS);
			producer.send(new ProducerRecord<>(Streams.DISPATCH, bot.id(), record)).get(30, TimeUnit.SECONDS);
		}
		// the bot's next message is on the same partition, behind the duplicates
		String next = bot.send("whatsapp", number(201), null);
		await().atMost(Duration.ofSeconds(90)).until(() -> bot.status(next).equals("DELIVERED_CHANNEL"));
		assertThat(sendsTo(number(200))).isEqualTo(1);
		assertThat(sendsTo(number(201))).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select due_at from notification where id = ?::uuid", Object.class, id))
			.isEqualTo(leased);
	}

	@Test
	void deadLettersAreCountedAndAnOperatorReplaysThemToTheirTopic() throws Exception {
		TestBot bot = botOnPeer();
		String id = bot.send("whatsapp", number(300), null);
		await().atMost(Duration.ofSeconds(90)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		// a dispatch record that was dead-lettered while its row waited for the group
		// (born claimed, its grace not over)
		String lease = this.jdbc.queryForObject(
				"""
						update notification set status = 'CREATED', due_at = date_trunc('milliseconds', now() + interval '1 hour')
						where id = ?::uuid returning to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')""",
				String.class, id);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", BROKER.getBrokersAsString()), new StringSerializer(),
				new StringSerializer())) {
			producer
				.send(new ProducerRecord<>(Streams.deadLetters(Streams.DISPATCH), bot.id(),
						"{\"id\":\"" + id + "\",\"lease\":\"" + lease + "\"}"))
				.get(30, TimeUnit.SECONDS);
		}
		// waiting dead letters are a lag, as a group's are
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.client.get("/actuator/prometheus").expect(200).body()).contains(
					"tidings_kafka_consumer_lag_records{group=\"tidings-dead-letters\",topic=\"tidings.dispatch-dlt\"} 1.0"));
		// and on the console's overview, with the group lags and where to replay them
		try (BrowserContext browser = ConsoleBrowser.newContext(this.client.baseUrl())) {
			Page page = signIn(browser, bot.key());
			Locator waiting = page.locator("[data-field='deadLetters_tidings.dispatch']");
			PlaywrightAssertions.assertThat(waiting).hasText("1");
			PlaywrightAssertions.assertThat(page.locator("#dead-letters"))
				.containsText("POST /v1/kafka/dead-letters/tidings.dispatch/replay");
			PlaywrightAssertions.assertThat(page.locator("#overview"))
				.containsText("Kafka lag · tidings-dispatch (tidings.dispatch)");
			JsonNode overview = this.client
				.json(page.request().get("/console/bots/" + bot.id() + "/overview.json").text());
			assertThat(overview.get("deadLetters_tidings.dispatch").asLong()).isEqualTo(1);
			assertThat(overview.get("kafkaLag").toString()).contains(
					"{\"topic\":\"tidings.dispatch\",\"group\":\"tidings-dispatch\",\"records\":",
					"{\"topic\":\"tidings.dispatch-dlt\",\"group\":\"tidings-dead-letters\",\"records\":1}");
			replayOnce(bot, id);
			// the page follows without a reload
			PlaywrightAssertions.assertThat(waiting)
				.hasText("0", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
			ConsoleBrowser.screenshot(page, "overview-kafka");
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.client.get("/actuator/prometheus").expect(200).body()).contains(
					"tidings_kafka_consumer_lag_records{group=\"tidings-dead-letters\",topic=\"tidings.dispatch-dlt\"} 0.0"));
		// replayed once: a second replay has nothing left
		assertThat(this.client
			.post("/v1/kafka/dead-letters/tidings.dispatch/replay", "", "x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200)
			.json()
			.get("replayed")
			.asLong()).isZero();
		assertThat(sendsTo(number(300))).isEqualTo(2);
	}

	private void replayOnce(TestBot bot, String id) {
		assertThat(this.client.get("/v1/kafka/dead-letters", "x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200)
			.json()
			.toString())
			.contains("{\"topic\":\"tidings.dispatch\",\"deadLetterTopic\":\"tidings.dispatch-dlt\",\"waiting\":1}");
		// an operator only, and a topic of the service
		this.client.post("/v1/kafka/dead-letters/tidings.dispatch/replay", "", "x-api-key", bot.key()).expect(403);
		assertThat(
				this.client.post("/v1/kafka/dead-letters/tidings.nope/replay", "", "x-api-key", TidingsClient.ADMIN_KEY)
					.expect(404)
					.body())
			.contains("tidings.nope");
		assertThat(this.client
			.post("/v1/kafka/dead-letters/tidings.dispatch/replay", "", "x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200)
			.json()
			.get("replayed")
			.asLong()).isEqualTo(1);
		// the group claims it from its topic and sends it
		await().atMost(Duration.ofSeconds(90)).until(() -> sendsTo(number(300)) == 2);
		await().atMost(Duration.ofSeconds(90)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
	}

	private static Page signIn(BrowserContext browser, String key) {
		Page page = browser.newPage();
		page.navigate("/console");
		page.fill("#key", key);
		page.click("button[type=submit]");
		PlaywrightAssertions.assertThat(page.locator("header.top")).isVisible();
		return page;
	}

	private TestBot botOnPeer() {
		TestBot bot = this.client.newBot(null);
		this.client.put("/v1/bots/" + bot.id() + "/channels/whatsapp",
				"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"2066\",\"accessToken\":\"EAAG-token\",\"appSecret\":"
						+ "\"dispatch-secret\",\"verifyToken\":\"let-me-in\",\"baseUrl\":\"" + graph.baseUrl() + "\"}",
				"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
		return bot;
	}

	private static String number(int i) {
		return "9198765" + String.format("%05d", i);
	}

	private static long sendsTo(String number) {
		List<LoggedRequest> requests = graph.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
		return requests.stream().filter((r) -> r.getBodyAsString().contains("\"" + number + "\"")).count();
	}

	private double claimedByTheGroup() {
		return this.meters.get("tidings.kafka.dispatch.claimed").counter().count();
	}

	/**
	 * The record the service published for a message, read back from the topic.
	 */
	private static String recordOf(String id) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
				BROKER.getBrokersAsString(), "auto.offset.reset", "earliest", "group.id", "dispatch-reader-" + id),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(Streams.DISPATCH));
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (System.nanoTime() < until) {
				for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
					if (r.value().contains(id)) {
						return r.value();
					}
				}
			}
		}
		throw new AssertionError("no record for " + id + " in " + Streams.DISPATCH);
	}

	static long committed(String group) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.getBrokersAsString()))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
		}
	}

}
