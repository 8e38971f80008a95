package io.tidings.stream;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.common.Status;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka mode against a real KRaft broker on loopback (one per class): status changes
 * relayed from the outbox and called back by the consumer group, provider receipts
 * answered once Kafka has them and applied by their group, the lag exported.
 */
// the broker stops after the context
@ExtendWith({ KafkaStreamsIntegrationTests.Broker.class, OutputCaptureExtension.class })
@IntegrationTest
@TestPropertySource(properties = { "tidings.kafka.partitions=4", "tidings.kafka.callback-consumers=2",
		"tidings.kafka.receipt-consumers=1", "tidings.kafka.lag-interval=200ms",
		// a hung endpoint is not given up on before the others' callbacks must be through
		"tidings.callback.timeout=60s",
		// the relay's partitions are leased as the callback stream's are, here for short
		"tidings.callback.stream-lease=3s", "tidings.callback.stream-lease-renewal=1s" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaStreamsIntegrationTests {

	private static final String APP_SECRET = "kafka-app-secret";

	private static final EmbeddedKafkaKraftBroker BROKER = EmbeddedBrokers.start();

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ReceiptSink receipts;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("tidings.kafka.bootstrap-servers", BROKER::getBrokersAsString);
	}

	@Autowired
	ApplicationContext context;

	/**
	 * Registered before the Spring extension, so that its after-all runs after the
	 * context is closed: the context's consumers leave their groups while the broker
	 * still answers.
	 */
	static class Broker implements AfterAllCallback {

		@Override
		public void afterAll(ExtensionContext extension) {
			BROKER.destroy();
		}

	}

	@Test
	void statusChangesAreRelayedToKafkaAndCalledBackInStatusOrderWithoutRows() throws Exception {
		assertThat(this.context.containsBean("eventStream")).isFalse();
		assertThat(this.context.containsBean("kafkaEventRelay")).isTrue();
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			String msgId = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() >= 4);
			List<JsonNode> bodies = receiver.accepted().stream().map((r) -> this.client.json(r.body())).toList();
			assertThat(bodies).extracting((b) -> b.get("msgId").asString()).containsOnly(msgId);
			assertThat(bodies).extracting((b) -> b.get("event").get("status").asString())
				.containsExactly("queued", "sent", "delivered", "read");
			assertThat(receiver.accepted()).extracting((r) -> r.header("webhook-id")).doesNotHaveDuplicates();
			assertThat(this.jdbc.queryForObject("select count(*) from webhook_delivery where notification_id = ?::uuid",
					Long.class, msgId))
				.isZero();
			await().atMost(Duration.ofSeconds(60)).until(() -> committed("tidings-callbacks") >= 4);
			// the delivery log still shows the callbacks that succeeded at once
			JsonNode log = bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?notificationId=" + msgId)
				.expect(200)
				.json();
			assertThat(log.get("total").asLong()).isEqualTo(4);
		}
	}

	@Test
	void theRelayRenewsShortLeasesOnItsPartitionsAndTakesOverThoseOfAKilledInstanceWhenTheirLeaseEnds()
			throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> relayOwner() != null);
		String owner = relayOwner();
		// the lease it writes is tidings.callback.stream-lease (3 s) ahead, not more …
		assertThat(this.jdbc.queryForObject("select extract(epoch from max(lease_until) - now()) from callback_cursor",
				Double.class))
			.isLessThanOrEqualTo(4.0);
		// … and it keeps renewing it while alive
		Timestamp first = this.jdbc.queryForObject("select min(lease_until) from callback_cursor", Timestamp.class);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject("select min(lease_until) from callback_cursor", Timestamp.class)
				.after(new Timestamp(first.getTime() + 3000)) && owner.equals(relayOwner()));
		// a killed instance leaves its partitions leased until its last renewal ran out
		this.jdbc
			.update("update callback_cursor set owner = 'killed-instance', lease_until = now() + interval '3 seconds'");
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			String msgId = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() >= 4);
			assertThat(receiver.accepted()).extracting((r) -> this.client.json(r.body()).get("msgId").asString())
				.containsOnly(msgId);
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> owner.equals(relayOwner()));
	}

	/**
	 * The one instance holding every event-log partition, or null.
	 */
	private String relayOwner() {
		return this.jdbc.queryForObject("""
				select case when count(*) = count(owner) and count(distinct owner) = 1 then min(owner) end
				from callback_cursor""", String.class);
	}

	@Test
	void failedCallbacksGetRowsThatAreRetriedAndLogged() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			receiver.failNext(500, 503);
			String msgId = bot.send("whatsapp", "919876543211", null);
			// this number's simulated message stops at sent: two callbacks, the first
			// retried
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() >= 2);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?notificationId=" + msgId)
					.json()
					.get("results")
					.valueStream()
					.allMatch((d) -> d.get("state").asString().equals("DELIVERED")));
			JsonNode results = bot.get("/v1/bots/" + bot.id() + "/webhook-deliveries?notificationId=" + msgId)
				.expect(200)
				.json()
				.get("results");
			List<Integer> codes = results.valueStream()
				.flatMap((d) -> d.get("attemptLog").valueStream())
				.map((a) -> a.get("statusCode").asInt())
				.toList();
			assertThat(codes).contains(500, 503);
			assertThat(receiver.accepted()).extracting((r) -> this.client.json(r.body()).get("event").get("status"))
				.extracting(JsonNode::asString)
				.containsExactlyInAnyOrder("queued", "sent");
		}
	}

	@Test
	void metaWebhookIsAnsweredOnceKafkaHasItsStatusesAndTheGroupAppliesThem() throws Exception {
		WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		graph.start();
		try {
			TestBot bot = this.client.newBot(null);
			this.client.put("/v1/bots/" + bot.id() + "/channels/whatsapp",
					"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"1055\",\"accessToken\":\"EAAG-token\",\"appSecret\":\""
							+ APP_SECRET + "\",\"verifyToken\":\"let-me-in\",\"baseUrl\":\"" + graph.baseUrl() + "\"}",
					"x-api-key", TidingsClient.ADMIN_KEY)
				.expect(200);
			graph.stubFor(post(urlEqualTo("/v21.0/1055/messages")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"messages\":[{\"id\":\"wamid.KAFKA\"}]}")));
			String id = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(60)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
			long before = committed("tidings-receipts");
			String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
					+ "\"value\":{\"messaging_product\":\"whatsapp\",\"statuses\":[{\"id\":\"wamid.KAFKA\",\"status\":\"read\","
					+ "\"timestamp\":\"1700000100\",\"recipient_id\":\"919876543215\"}]}}]}]}";
			this.client.post("/webhooks/whatsapp/" + bot.id(), body, "X-Hub-Signature-256", sign(body)).expect(200);
			await().atMost(Duration.ofSeconds(60)).until(() -> bot.status(id).equals("READ"));
			await().atMost(Duration.ofSeconds(60)).until(() -> committed("tidings-receipts") > before);
		}
		finally {
			graph.stop();
		}
	}

	@Test
	void receiptsFromProviderConnectionsGoThroughKafkaAndDuplicatesChangeNothing() throws Exception {
		assertThat(this.receipts.getClass().getSimpleName()).isEqualTo("KafkaReceipts");
		// a webhook, so that each status is written to the event log, where a duplicate
		// would show
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			// this number's simulated message stops at the channel: the receipt moves it
			// on
			String id = bot.send("whatsapp", "919876543221", null);
			String later = bot.send("whatsapp", "919876543231", null);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> bot.status(id).equals("DELIVERED_CHANNEL")
						&& bot.status(later).equals("DELIVERED_CHANNEL"));
			this.jdbc.update("update notification set internal_id = 'smsc-kafka-1' where id = ?::uuid", id);
			this.jdbc.update("update notification set internal_id = 'smsc-kafka-2' where id = ?::uuid", later);
			ProviderReceipt delivered = new ProviderReceipt(bot.id(), "smsc-kafka-1", Status.DELIVERED_USER,
					Instant.now(), null, null, null);
			this.receipts.accept(List.of(delivered, delivered));
			this.receipts.accept(List.of(delivered));
			// the bot's receipts share a partition, read in order: once this later one is
			// applied, so are the duplicates before it
			this.receipts.accept(List.of(new ProviderReceipt(bot.id(), "smsc-kafka-2", Status.DELIVERED_USER,
					Instant.now(), null, null, null)));
			await().atMost(Duration.ofSeconds(60)).until(() -> bot.status(later).equals("DELIVERED_USER"));
			assertThat(bot.status(id)).isEqualTo("DELIVERED_USER");
			assertThat(this.jdbc.queryForObject(
					"select count(*) from status_event where notification_id = ?::uuid and status = 'DELIVERED_USER'",
					Long.class, id))
				.isEqualTo(1);
		}
	}

	@Test
	void aHungEndpointDoesNotDelayTheCallbacksOfABotOnTheSamePartition() throws Exception {
		try (WebhookReceiver hung = new WebhookReceiver(); WebhookReceiver prompt = new WebhookReceiver()) {
			TestBot fast = this.client.newBot("\"postbackUrl\":\"" + prompt.url() + "\"");
			TestBot slow = this.client.newBot("\"postbackUrl\":\"" + hung.url() + "\"");
			while (partition(slow.id()) != partition(fast.id())) {
				slow = this.client.newBot("\"postbackUrl\":\"" + hung.url() + "\"");
			}
			hung.hold();
			String slowId = slow.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(60)).until(() -> hung.holding() >= 1);
			String fastId = fast.send("whatsapp", "919876543215", null);
			// the hung request is not given up on (its timeout is a minute) while the
			// other bot's four callbacks go through
			await().atMost(Duration.ofSeconds(45)).until(() -> prompt.accepted().size() >= 4);
			assertThat(hung.holding()).isGreaterThanOrEqualTo(1);
			assertThat(hung.all()).isEmpty();
			assertThat(prompt.accepted()).extracting((r) -> this.client.json(r.body()).get("msgId").asString())
				.containsOnly(fastId);
			hung.release();
			// once the endpoint answers, each of the slow bot's callbacks arrives (at
			// least once)
			await().atMost(Duration.ofSeconds(60))
				.until(() -> hung.accepted()
					.stream()
					.map((r) -> this.client.json(r.body()).get("event").get("status").asString())
					.collect(java.util.stream.Collectors.toSet())
					.containsAll(List.of("queued", "sent", "delivered", "read")));
			assertThat(hung.accepted()).extracting((r) -> this.client.json(r.body()).get("msgId").asString())
				.containsOnly(slowId);
		}
	}

	@Test
	void receiptsThatCannotBeHandledGoToTheDeadLetterTopicAndTheirPartitionMovesOn(CapturedOutput output) {
		TestBot bot = this.client.newBot(null);
		String id = bot.send("whatsapp", "919876543221", null);
		await().atMost(Duration.ofSeconds(60)).until(() -> bot.status(id).equals("DELIVERED_CHANNEL"));
		this.jdbc.update("update notification set internal_id = 'smsc-kafka-poison' where id = ?::uuid", id);
		double before = deadLetters("tidings.receipts");
		// one that does not deserialize, one the receipt path refuses every time (no bot)
		// and then a good one behind them in the same partition
		String unreadable = "{\"botId\":\"" + bot.id() + "\",\"providerMessageId\":\"+919000012345\",";
		String refused = "{\"botId\":null,\"providerMessageId\":\"+919000012345\",\"status\":\"DELIVERED_USER\"}";
		publishRaw(Streams.RECEIPTS, bot.id(), unreadable, refused);
		this.receipts.accept(List.of(new ProviderReceipt(bot.id(), "smsc-kafka-poison", Status.DELIVERED_USER,
				Instant.now(), null, null, null)));
		await().atMost(Duration.ofSeconds(60)).until(() -> bot.status(id).equals("DELIVERED_USER"));
		await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("tidings.receipts") >= before + 2);
		List<String> dead = deadLettered(Streams.deadLetters(Streams.RECEIPTS), bot.id());
		// the unreadable one as the bytes it came with, the refused one as it was read
		assertThat(dead).hasSize(2);
		assertThat(dead.get(0)).isEqualTo(unreadable);
		assertThat(dead.get(1)).contains("+919000012345").doesNotContain("smsc-kafka-poison");
		// logged by position and kind, never by content
		assertThat(output.getAll()).contains("tidings.receipts-").doesNotContain("919000012345");
	}

	@Test
	void statusEventsThatCannotBeHandledGoToTheDeadLetterTopicAndTheBotsCallbacksGoOn() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			double before = deadLetters("tidings.status-events");
			String unreadable = "{\"seq\":\"not a number\"}";
			String refused = "{\"seq\":1,\"change\":null}";
			publishRaw(Streams.STATUS_EVENTS, bot.id(), unreadable, refused);
			String msgId = bot.send("whatsapp", "919876543215", null);
			await().atMost(Duration.ofSeconds(60)).until(() -> receiver.accepted().size() >= 4);
			assertThat(receiver.accepted()).extracting((r) -> this.client.json(r.body()).get("msgId").asString())
				.containsOnly(msgId);
			await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters("tidings.status-events") >= before + 2);
			List<String> dead = deadLettered(Streams.deadLetters(Streams.STATUS_EVENTS), bot.id());
			assertThat(dead).hasSize(2);
			assertThat(dead.get(0)).isEqualTo(unreadable);
			assertThat(dead.get(1)).contains("\"seq\":1");
		}
	}

	@Test
	void consumerLagPerTopicAndGroupIsExported() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			String metrics = this.client.get("/actuator/prometheus").expect(200).body();
			assertThat(metrics).contains("tidings_kafka_consumer_lag_records{group=\"tidings-callbacks\"")
				.contains("topic=\"tidings.status-events\"")
				.contains("tidings_kafka_consumer_lag_records{group=\"tidings-receipts\"");
		});
	}

	@Test
	void consoleOverviewShowsTheLagOfEachGroup() throws Exception {
		TestBot bot = this.client.newBot(null);
		java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager())
			.build();
		String login = get(http, "/login");
		java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
			.matcher(login);
		assertThat(csrf.find()).isTrue();
		http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.client.baseUrl() + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofString("key=" + java.net.URLEncoder.encode(bot.key(), StandardCharsets.UTF_8) + "&_csrf="
						+ java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
			.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(get(http, "/console/bots/" + bot.id())).contains("Kafka lag · tidings-callbacks");
			assertThat(get(http, "/console/bots/" + bot.id() + "/overview.json")).contains("\"lag_tidings-callbacks\":")
				.contains("\"lag_tidings-receipts\":");
		});
	}

	private String get(java.net.http.HttpClient http, String path) throws Exception {
		return http
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(this.client.baseUrl() + path)).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static int partition(String botId) {
		// Kafka's default partitioner for a keyed record, over the 4 partitions
		return Utils.toPositive(Utils.murmur2(botId.getBytes(StandardCharsets.UTF_8))) % 4;
	}

	private double deadLetters(String topic) {
		Counter counter = this.meters.find("tidings.kafka.dead.letters").tag("topic", topic).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static void publishRaw(String topic, String key, String... values) {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of("bootstrap.servers", BROKER.getBrokersAsString()), new StringSerializer(),
				new StringSerializer())) {
			for (String value : values) {
				producer.send(new ProducerRecord<>(topic, key, value));
			}
			producer.flush();
		}
	}

	/**
	 * The values of a dead-letter topic's records with this key, in order.
	 */
	private static List<String> deadLettered(String topic, String key) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of("bootstrap.servers", BROKER.getBrokersAsString(), "auto.offset.reset", "earliest", "group.id",
						"dlt-reader-" + java.util.UUID.randomUUID()),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			List<String> values = new java.util.ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((r) -> {
					if (key.equals(r.key())) {
						values.add(r.value());
					}
				});
				return values.size() >= 2;
			});
			return values;
		}
	}

	private static long committed(String group) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", BROKER.getBrokersAsString()))) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
		}
	}

	private static String sign(String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
