package io.tidings.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.tidings.bot.BotChannels;
import io.tidings.bot.Bots;
import io.tidings.channel.smpp.TestSmsc;
import io.tidings.common.Channel;
import io.tidings.common.Status;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Tidings instances on one PostgreSQL (API.md §15), sent to through all of them at
 * once: every notification is handed to its provider once per attempt; statuses only move
 * forward; callbacks arrive at least once; a campaign fans out once and a scheduled
 * report is mailed once; the per-bot rate limit, WhatsApp's messages per second and
 * SMPP's binds hold for the cluster; a channel, a bot's settings, an API key or a
 * template changed through one instance takes effect on all of them at once (their caches
 * live an hour here: only the change's announcement can explain it); and the claimed work
 * of an instance killed mid-run (its own JVM) is finished by the others once its lease
 * ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTests {

	private static final String ADMIN = TidingsClient.ADMIN_KEY;

	private static final Duration LEASE = Duration.ofSeconds(8);

	private static Path dataDir;

	private static EmbeddedPostgres postgres;

	private static JdbcTemplate jdbc;

	private static GreenMail mail;

	private static LoopbackProviderServer provider;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private static final List<TidingsClient> clients = new ArrayList<>();

	@BeforeAll
	static void startCluster() throws Exception {
		dataDir = Files.createTempDirectory("tidings-cluster");
		postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir.resolve("pg"))
			.setServerConfig("max_connections", "200")
			.start();
		jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
		mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		provider = new LoopbackProviderServer();
		// the first one migrates the database; the others start together
		nodes.add(ClusterNode.start("a", properties()));
		ExecutorService starting = Executors.newFixedThreadPool(2);
		List<Future<ConfigurableApplicationContext>> others = List.of(
				starting.submit(() -> ClusterNode.start("b", properties())),
				starting.submit(() -> ClusterNode.start("c", properties())));
		for (Future<ConfigurableApplicationContext> other : others) {
			nodes.add(other.get());
		}
		starting.shutdown();
		nodes.forEach((node) -> clients.add(new TidingsClient(node.getEnvironment())));
	}

	@AfterAll
	static void stopCluster() throws Exception {
		nodes.forEach((node) -> {
			if (node.isActive()) {
				node.close();
			}
		});
		if (provider != null) {
			provider.close();
		}
		if (mail != null) {
			mail.stop();
		}
		if (postgres != null) {
			postgres.close();
		}
		if (dataDir != null) {
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

	static List<String> properties() {
		return List.of("spring.datasource.url=" + jdbcUrl(), "spring.datasource.username=postgres",
				"spring.datasource.hikari.maximum-pool-size=10", "server.port=0", "tidings.admin-key=" + ADMIN,
				"tidings.demo.enabled=false", "tidings.webhooks.allowed-networks=127.0.0.0/8",
				"tidings.dispatch.lease=" + LEASE.toSeconds() + "s", "tidings.dispatch.batch-size=50",
				"tidings.dispatch.poll-interval=200ms", "tidings.dispatch.retry-base=100ms",
				"tidings.dispatch.retry-max=500ms", "tidings.campaign.batch-size=40",
				"tidings.campaign.poll-interval=100ms", "tidings.reports.poll-interval=100ms",
				"tidings.reports.mail.host=127.0.0.1", "tidings.reports.mail.port=" + mail.getSmtp().getPort(),
				"tidings.reports.mail.from=reports@cluster.test", "tidings.callback.poll-interval=200ms",
				"tidings.simulator.step-delay=20ms", "tidings.cache.channel-settings=1h", "tidings.cache.api-keys=1h",
				"tidings.cache.lifetime=1h", "logging.level.root=warn", "logging.level.io.tidings.channel.smpp=info");
	}

	static String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
	}

	@Test
	@Order(1)
	void sendsThroughEveryInstanceAreHandedOverOncePerAttemptMoveForwardAndCallBack() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			List<TestBot> bots = loopbackBots("\"postbackUrl\":\"" + receiver.url() + "\"");
			List<String> ids = pushEverywhere(bots, 300);

			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> count("select count(*) from notification where bot_id = ? and status = 'DELIVERED_USER'",
						bots.get(0).id()) == ids.size());

			Map<String, List<LoopbackProviderServer.HandOver>> byId = handOvers(ids);
			assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
			byId.forEach((id, handOvers) -> assertThat(handOvers).as("hand-overs of " + id)
				.extracting(LoopbackProviderServer.HandOver::attempt)
				.doesNotHaveDuplicates()
				.hasSize(1));
			assertThat(byId.values().stream().flatMap(List::stream).map(LoopbackProviderServer.HandOver::node))
				.as("every instance sends")
				.contains("a", "b", "c");
			assertThat(jdbc.queryForList("""
					select n.id::text from notification n where n.bot_id = ? and (select count(*) from status_event e
					  where e.notification_id = n.id and e.status = 'DELIVERED_CHANNEL') <> 1""", String.class,
					bots.get(0).id()))
				.as("one DELIVERED_CHANNEL event each")
				.isEmpty();
			assertForwardOnly(bots.get(0).id());

			// at least once: every status of every notification is called back; with no
			// instance lost, nothing was in flight twice
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
				Map<String, Set<String>> statuses = callbacks(receiver);
				return ids.stream()
					.allMatch((id) -> statuses.getOrDefault(id, Set.of()).containsAll(Set.of("sent", "delivered")));
			});
			long calls = receiver.accepted().size();
			long distinct = callbacks(receiver).values().stream().mapToLong(Set::size).sum();
			assertThat(calls - distinct).as("duplicate callbacks").isZero();
		}
	}

	@Test
	@Order(2)
	void aCampaignFansOutOnceAcrossInstances() {
		TestBot bot = loopbackBots(null).get(0);
		int contacts = 400;
		long bucket = clients.get(0)
			.post("/v1/bots/" + bot.id() + "/buckets", "{\"name\":\"b\"}", "x-api-key", bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		jdbc.update("""
				insert into contact (bucket_id, contact_key, number, attributes)
				select ?, '9198' || lpad(g::text, 8, '0'), '9198' || lpad(g::text, 8, '0'),
				  jsonb_build_object('1', 'Person ' || g, '2', 'A-' || g)
				from generate_series(0, ? - 1) g""", bucket, contacts);
		jdbc.update("update bucket set contact_count = ? where id = ?", contacts, bucket);
		long template = clients.get(1)
			.post("/v1/bots/" + bot.id() + "/templates",
					"{\"name\":\"fan\",\"channel\":\"whatsapp\",\"body\":\"Hi {{1}} {{2}}\"}", "x-api-key", bot.key())
			.expect(201)
			.json()
			.get("id")
			.asLong();
		String campaign = clients.get(2)
			.post("/v1/bots/" + bot.id() + "/campaigns",
					"{\"name\":\"everyone\",\"templateId\":" + template + ",\"bucketId\":" + bucket + "}", "x-api-key",
					bot.key())
			.expect(201)
			.json()
			.get("id")
			.asString();

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> count("select count(*) from notification where campaign_id = ? and status = 'DELIVERED_USER'",
					campaign) == contacts);
		assertThat(count("select count(*) from notification where campaign_id = ?", campaign)).isEqualTo(contacts);
		assertThat(count("select count(distinct destination) from notification where campaign_id = ?", campaign))
			.isEqualTo(contacts);
		List<String> ids = jdbc.queryForList("select id::text from notification where campaign_id = ?", String.class,
				campaign);
		handOvers(ids).forEach((id, handOvers) -> assertThat(handOvers).as("hand-overs of " + id).hasSize(1));
	}

	@Test
	@Order(3)
	void aScheduledReportIsMailedOnceByTheCluster() throws Exception {
		String recipient = "cluster-" + UUID.randomUUID() + "@example.com";
		TestBot bot = clients.get(0).newBot("\"reportRecipients\":[\"" + recipient + "\"]");
		bot.send("whatsapp", "919876543215", null);
		// the day before is due at once: every instance's scheduler sees it in its next
		// poll
		clients.get(1)
			.patch("/v1/bots/" + bot.id(),
					"{\"reportSchedule\":{\"frequency\":\"daily\",\"time\":\"00:00\",\"timezone\":\"UTC\"}}",
					"x-api-key", ADMIN)
			.expect(200);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("select count(*) from report_run where bot_id = ? and status = 'SENT'", bot.id()) == 1);
		// every instance polled (every 100 ms) while it was being written and mailed
		assertThat(count("select count(*) from report_run where bot_id = ?", bot.id())).isEqualTo(1);
		assertThat(java.util.Arrays.stream(mail.getReceivedMessages()).filter((m) -> {
			try {
				return m.getAllRecipients()[0].toString().equals(recipient);
			}
			catch (Exception ex) {
				return false;
			}
		}).count()).isEqualTo(1);
	}

	@Test
	@Order(4)
	void aChannelChangedThroughOneInstanceTakesEffectOnTheOthersAtOnce() throws Exception {
		// the instances cache channel settings for an hour here
		// (tidings.cache.channel-settings): only the change's announcement reaches them
		try (LoopbackProviderServer moved = new LoopbackProviderServer()) {
			List<TestBot> bots = loopbackBots(null);
			String botId = bots.get(0).id();
			// sends through every instance: each one has read and cached the settings
			List<String> before = pushEverywhere(bots, 6);
			await().atMost(Duration.ofSeconds(60)).until(() -> handOvers(before).size() == before.size());
			assertThat(nodes).allSatisfy((node) -> assertThat(
					node.getBean(BotChannels.class).find(botId, Channel.WHATSAPP).orElseThrow().settings().get("url"))
				.isEqualTo(provider.url()));

			clients.get(0)
				.put("/v1/bots/" + botId + "/channels/whatsapp",
						"{\"provider\":\"loopback\",\"url\":\"" + moved.url() + "\"}", "x-api-key", ADMIN)
				.expect(200);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> nodes.stream()
					.allMatch((node) -> moved.url()
						.equals(node.getBean(BotChannels.class)
							.find(botId, Channel.WHATSAPP)
							.orElseThrow()
							.settings()
							.get("url"))));
			List<String> after = pushEverywhere(bots, 30);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> moved.received()
					.stream()
					.map(LoopbackProviderServer.HandOver::notification)
					.distinct()
					.count() == after.size());
			assertThat(moved.received()).extracting(LoopbackProviderServer.HandOver::node).contains("a", "b", "c");
			assertThat(handOvers(after)).as("sends after the change handed to the old provider").isEmpty();
		}
	}

	@Test
	@Order(5)
	void aKeyRevokedThroughOneInstanceStopsWorkingOnEveryInstanceAtOnce() {
		// the instances cache API keys for an hour here (tidings.cache.api-keys): only
		// the
		// revocation's announcement reaches them
		List<TestBot> bots = loopbackBots(null);
		String botId = bots.get(0).id();
		JsonNode created = clients.get(0)
			.post("/v1/bots/" + botId + "/keys", "{\"name\":\"to-revoke\"}", "x-api-key", ADMIN)
			.expect(201)
			.json();
		String key = created.get("key").asString();
		// every instance has the key in its cache
		for (int i = 0; i < clients.size(); i++) {
			new TestBot(botId, key, null, clients.get(i)).push(body("91987650100" + i)).expect(202);
		}

		clients.get(1)
			.delete("/v1/bots/" + botId + "/keys/" + created.get("id").asString(), "x-api-key", ADMIN)
			.expect(204);
		answersEverywhere(clients.stream().map((c) -> new TestBot(botId, key, null, c)).toList(), "91987650200", 401,
				"a push with the revoked key");
		// the bot's other key still works everywhere
		bots.forEach((bot) -> bot.push(body("919876503000")).expect(202));
	}

	@Test
	@Order(6)
	void aBotSettingChangedThroughOneInstanceTakesEffectOnEveryInstanceAtOnce() throws Exception {
		// bots are cached for an hour here (tidings.cache.lifetime)
		try (WebhookReceiver before = new WebhookReceiver(); WebhookReceiver after = new WebhookReceiver()) {
			List<TestBot> bots = loopbackBots("\"postbackUrl\":\"" + before.url() + "\"");
			String botId = bots.get(0).id();
			// every instance accepts, sends and calls back for the bot: each has read it
			List<String> first = pushEverywhere(bots, 30);
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
				Map<String, Set<String>> statuses = callbacks(before);
				return first.stream().allMatch((id) -> statuses.getOrDefault(id, Set.of()).contains("delivered"));
			});
			assertThat(nodes)
				.allSatisfy((node) -> assertThat(node.getBean(Bots.class).find(botId).orElseThrow().postbackUrl())
					.isEqualTo(before.url()));

			// callbacks go elsewhere, and only for the final status
			clients.get(2)
				.patch("/v1/bots/" + botId,
						"{\"postbackUrl\":\"" + after.url() + "\",\"callbackEvents\":[\"DELIVERED_USER\"]}",
						"x-api-key", ADMIN)
				.expect(200);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> nodes.stream()
					.allMatch((node) -> after.url()
						.equals(node.getBean(Bots.class).find(botId).orElseThrow().postbackUrl())));
			List<String> second = pushEverywhere(bots, 30);
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
				Map<String, Set<String>> statuses = callbacks(after);
				return second.stream().allMatch((id) -> statuses.getOrDefault(id, Set.of()).contains("delivered"));
			});
			assertThat(callbacks(before).keySet()).as("callbacks of later sends to the old URL")
				.doesNotContainAnyElementsOf(second);
			assertThat(callbacks(after).values()).as("statuses called back after the change")
				.allSatisfy((statuses) -> assertThat(statuses).containsOnly("delivered"));

			// the rate limit: a minute's worth of one, for the whole cluster
			clients.get(0).patch("/v1/bots/" + botId, "{\"rateLimitPerMinute\":1}", "x-api-key", ADMIN).expect(200);
			answersEverywhere(bots, "91987660000", 429, "a push after the limit went down to 1 a minute");
		}
	}

	@Test
	@Order(7)
	void aTemplatePausedThroughOneInstanceIsRefusedByEveryInstanceAtOnce() {
		// templates are cached for an hour here (tidings.cache.lifetime)
		List<TestBot> bots = loopbackBots(null);
		String botId = bots.get(0).id();
		bots.forEach((bot) -> bot.push(body("919876540000")).expect(202));
		long template = clients.get(0)
			.get("/v1/bots/" + botId + "/templates", "x-api-key", ADMIN)
			.expect(200)
			.json()
			.get(0)
			.get("id")
			.asLong();
		String welcome = "{\"name\":\"welcome\",\"channel\":\"whatsapp\","
				+ "\"body\":\"Hello {{1}}, order {{2}} is on its way\",\"status\":\"%s\"}";

		clients.get(1)
			.put("/v1/bots/" + botId + "/templates/" + template, welcome.formatted("PAUSED"), "x-api-key", ADMIN)
			.expect(200);
		answersEverywhere(bots, "91987654100", 422, "a push of the paused template");

		clients.get(2)
			.put("/v1/bots/" + botId + "/templates/" + template, welcome.formatted("APPROVED"), "x-api-key", ADMIN)
			.expect(200);
		answersEverywhere(bots, "91987654200", 202, "a push of the approved template");
	}

	@Test
	@Order(8)
	void theBotsRateLimitHoldsForTheCluster() throws Exception {
		int limit = 60;
		List<TestBot> bots = loopbackBots("\"rateLimitPerMinute\":" + limit);
		AtomicInteger accepted = new AtomicInteger();
		AtomicInteger limited = new AtomicInteger();
		long started = System.nanoTime();
		ExecutorService senders = Executors.newFixedThreadPool(6);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			TestBot bot = bots.get(t % 3);
			runs.add(senders.submit(() -> {
				for (int i = 0; i < 40; i++) {
					Response response = bot.push(body("919876500" + String.format("%03d", i)));
					if (response.status() == 202) {
						accepted.incrementAndGet();
					}
					else {
						assertThat(response.status()).isEqualTo(429);
						assertThat(Long.parseLong(response.header("Retry-After"))).isPositive();
						limited.incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> run : runs) {
			run.get();
		}
		senders.shutdown();
		double seconds = (System.nanoTime() - started) / 1e9;
		// the bucket holds a minute's worth and refills at 1 a second; each instance may
		// hold one chunk (1 token at this rate) taken before the window
		long most = limit + (long) Math.ceil(seconds * limit / 60.0) + 3;
		assertThat(accepted.get()).as("accepted of 240 over %.1f s", seconds).isBetween(limit - 3, (int) most);
		assertThat(limited.get()).isEqualTo(240 - accepted.get());
	}

	@Test
	@Order(9)
	void whatsAppMessagesPerSecondHoldForTheCluster() throws Exception {
		int perSecond = 20;
		Queue<Long> arrivals = new ConcurrentLinkedQueue<>();
		HttpServer graph = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		AtomicInteger wamid = new AtomicInteger();
		graph.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			arrivals.add(System.nanoTime());
			byte[] answer = ("{\"messages\":[{\"id\":\"wamid." + wamid.incrementAndGet() + "\"}]}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		graph.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		graph.start();
		try {
			List<TestBot> through = bot(clients, null, "whatsapp",
					"{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"2077\",\"accessToken\":\"EAAG-token\","
							+ "\"messagesPerSecond\":" + perSecond + ",\"baseUrl\":\"http://127.0.0.1:"
							+ graph.getAddress().getPort() + "\"}");
			int messages = 120;
			pushEverywhere(through, messages);
			await().atMost(Duration.ofSeconds(60)).until(() -> arrivals.size() >= messages);

			// a token bucket of 20 that refills 20 a second: between any two requests
			// Meta saw, at most 20 + 20 a second + one chunk per instance (2 each)
			List<Long> times = new ArrayList<>(arrivals);
			Collections.sort(times);
			int worst = 0;
			for (int i = 0; i < times.size(); i++) {
				for (int j = i; j < times.size(); j++) {
					double allowed = perSecond + perSecond * (times.get(j) - times.get(i)) / 1e9 + 3 * 2 + 2;
					worst = Math.max(worst, (int) Math.ceil((j - i + 1) - allowed));
				}
			}
			assertThat(worst).as("requests beyond the shared pace").isLessThanOrEqualTo(0);
		}
		finally {
			graph.stop(0);
		}
	}

	@Test
	@Order(10)
	void aConsoleSignInHoldsOnEveryInstanceAndASignOutEndsItEverywhere() throws Exception {
		TestBot bot = loopbackBots(null).get(0);
		HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
		// sign in on the first instance (its sign-in form, its CSRF token)
		HttpResponse<String> form = console(http, clients.get(0), "GET", "/login", null, null);
		String cookie = cookies(form, null);
		HttpResponse<String> signIn = console(http, clients.get(0), "POST", "/login", cookie, "key=" + encode(bot.key())
				+ "&_csrf=" + encode(field(form.body(), "name=\"_csrf\" value=\"([^\"]+)\"")));
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/console"));
		String session = cookies(signIn, cookie);
		// the console's pages and its JSON on every instance, the other ones included
		String overview = "/console/bots/" + bot.id() + "/overview.json";
		for (TidingsClient instance : clients) {
			HttpResponse<String> live = console(http, instance, "GET", overview, session, null);
			assertThat(live.statusCode()).as(instance.baseUrl()).isEqualTo(200);
			assertThat(live.body()).contains("\"queueDepth\"");
		}
		// it lives as long as a session did before (server.servlet.session.timeout)
		assertThat(jdbc.queryForObject("select max_inactive_interval from spring_session where principal_name like ?",
				Integer.class, "%" + bot.id() + "%"))
			.isEqualTo(12 * 3600);
		// sign out on the third instance, with the CSRF token its page carries
		HttpResponse<String> page = console(http, clients.get(2), "GET", "/console/bots/" + bot.id(), session, null);
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> signOut = console(http, clients.get(2), "POST", "/logout", cookies(page, session),
				"_csrf=" + encode(field(page.body(), "name=\"csrf-token\" content=\"([^\"]+)\"")));
		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(signOut.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/login?signedOut"));
		// refused everywhere, the instance it was started on included
		for (TidingsClient instance : clients) {
			HttpResponse<String> live = console(http, instance, "GET", overview, session, null);
			assertThat(live.statusCode()).as(instance.baseUrl()).isEqualTo(302);
			assertThat(live.headers().firstValue("Location"))
				.hasValueSatisfying((to) -> assertThat(to).endsWith("/login"));
		}
		assertThat(jdbc.queryForObject("select count(*) from spring_session where principal_name like ?", Long.class,
				"%" + bot.id() + "%"))
			.isZero();
	}

	private static HttpResponse<String> console(HttpClient http, TidingsClient instance, String method, String path,
			String cookie, String form) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + path))
			.timeout(Duration.ofSeconds(30));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		if (form != null) {
			request.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The cookies a browser would send next: those sent before, updated by the answer's
	 * Set-Cookie headers (the session, and the CSRF token's cookie before there is one).
	 * Kept as a string rather than in a {@code CookieManager}: after the sign-out the
	 * test sends the old session cookie again on purpose, which a cookie jar would have
	 * dropped.
	 */
	private static String cookies(HttpResponse<String> response, String sent) {
		Map<String, String> jar = new LinkedHashMap<>();
		if (sent != null) {
			for (String cookie : sent.split("; ")) {
				jar.put(cookie.substring(0, cookie.indexOf('=')), cookie);
			}
		}
		for (String set : response.headers().allValues("Set-Cookie")) {
			String cookie = set.substring(0, set.indexOf(';') < 0 ? set.length() : set.indexOf(';'));
			String name = cookie.substring(0, cookie.indexOf('='));
			if (cookie.length() == name.length() + 1 || set.contains("Max-Age=0")) {
				jar.remove(name);
			}
			else {
				jar.put(name, cookie);
			}
		}
		return jar.isEmpty() ? null : String.join("; ", jar.values());
	}

	private static String field(String html, String pattern) {
		Matcher found = Pattern.compile(pattern).matcher(html);
		assertThat(found.find()).as(pattern).isTrue();
		return found.group(1);
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	@Order(11)
	void smppBindsAreTheTotalForTheAccountAndAStoppedInstancesBindsAreTakenOver() throws Exception {
		try (TestSmsc smsc = TestSmsc.start()) {
			// configured through the first instance: it connects at once and takes both
			// slots
			List<TestBot> through = bot(clients, null, "sms", "{\"provider\":\"smpp\",\"host\":\"127.0.0.1\",\"port\":"
					+ smsc.port() + ",\"systemId\":\"tidings\",\"password\":\"secret\",\"binds\":2}");
			TestBot bot = through.get(0);
			await().atMost(Duration.ofSeconds(20)).until(() -> smsc.sessionsBound() == 2);
			List<String> first = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				first.add(through.get(i % 3).send("sms", "9198765" + String.format("%05d", i), null));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> count(
						"select count(*) from notification where bot_id = ? and status = 'DELIVERED_CHANNEL'",
						bot.id()) == first.size());
			assertThat(smsc.submitted()).hasSize(first.size());
			assertThat(smsc.peakSessionsBound()).as("binds at once across the cluster").isLessThanOrEqualTo(2);

			// the first instance stops: the others take its binds over and send
			nodes.get(0).close();
			List<String> second = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				second.add(through.get(1 + i % 2).send("sms", "9198766" + String.format("%05d", i), null));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> smsc.sessionsBound() == 2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> count(
						"select count(*) from notification where bot_id = ? and status = 'DELIVERED_CHANNEL'",
						bot.id()) == first.size() + second.size());
			assertThat(smsc.peakSessionsBound()).as("binds at once across the cluster").isLessThanOrEqualTo(2);
			assertThat(smsc.bindsAccepted()).isGreaterThanOrEqualTo(3);
		}
	}

	@Test
	@Order(12)
	void aKilledInstancesClaimedWorkIsFinishedByTheOthersAfterItsLease() throws Exception {
		// a fourth instance in its own JVM: everything it hands over is held unanswered
		Path log = dataDir.resolve("node-k.log");
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-XX:TieredStopAtLevel=1",
						"-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(), "k"));
		int port = freePort();
		properties().stream()
			.map((p) -> p.startsWith("server.port=") ? "server.port=" + port : p)
			.forEach((p) -> command.add("--" + p));
		Process k = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			List<TidingsClient> alive = clients.subList(1, 3);
			// a JVM's start on a busy 2-core box can take minutes
			await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
				assertThat(k.isAlive()).as("node k runs; see " + log).isTrue();
				try {
					return get("http://127.0.0.1:" + port + "/actuator/health").body().contains("\"UP\"");
				}
				catch (IOException ex) {
					return false;
				}
			});
			provider.hold("k");
			// sends go through k too: what k accepts is born claimed by k (its lease in
			// due_at, handed to its own workers), and what the others accept k may claim
			// from the table
			MockEnvironment kEnvironment = new MockEnvironment();
			kEnvironment.setProperty("local.server.port", Integer.toString(port));
			List<TidingsClient> through = List.of(alive.get(0), alive.get(1), new TidingsClient(kEnvironment));
			List<TestBot> bots = bot(through, "\"postbackUrl\":\"" + receiver.url() + "\"", "whatsapp",
					"{\"provider\":\"loopback\",\"url\":\"" + provider.url() + "\"}");
			TestBot bot = bots.get(0);
			List<String> ids = pushEverywhere(bots, 200);
			await().atMost(Duration.ofSeconds(60)).until(() -> !provider.held().isEmpty());
			k.destroyForcibly().waitFor();
			Set<String> heldByK = provider.held();
			Set<String> calledBeforeTheKill = callCounts(receiver).keySet();

			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> count("select count(*) from notification where bot_id = ? and status = 'DELIVERED_USER'",
						bot.id()) == ids.size());
			Map<String, List<LoopbackProviderServer.HandOver>> byId = handOvers(ids);
			for (String id : ids) {
				List<LoopbackProviderServer.HandOver> handOvers = byId.get(id);
				assertThat(handOvers).as("hand-overs of " + id)
					.extracting(LoopbackProviderServer.HandOver::attempt)
					.doesNotHaveDuplicates();
				assertThat(provider.answered().get(id)).as("answered hand-overs of " + id).hasSize(1);
			}
			assertThat(heldByK).allSatisfy(
					(id) -> assertThat(provider.answered().get(id)).extracting(LoopbackProviderServer.HandOver::node)
						.singleElement()
						.isIn("b", "c"));
			assertThat(jdbc.queryForList("""
					select n.id::text from notification n where n.bot_id = ? and (select count(*) from status_event e
					  where e.notification_id = n.id and e.status = 'DELIVERED_CHANNEL') <> 1""", String.class,
					bot.id()))
				.as("one DELIVERED_CHANNEL event each")
				.isEmpty();
			assertForwardOnly(bot.id());

			// callbacks: every status at least once (partitions the killed instance
			// leased
			// are taken over when their lease ends); a callback comes twice at most, and
			// only
			// one that was under way when the instance died
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
				Map<String, Set<String>> statuses = callbacks(receiver);
				return ids.stream()
					.allMatch((id) -> statuses.getOrDefault(id, Set.of()).containsAll(Set.of("sent", "delivered")));
			});
			callCounts(receiver).forEach((call, times) -> {
				assertThat(times).as("callbacks of " + call).isLessThanOrEqualTo(2);
				if (times == 2) {
					assertThat(calledBeforeTheKill).as("a duplicate was in flight at the kill").contains(call);
				}
			});
		}
		finally {
			k.destroyForcibly().waitFor();
		}
	}

	private static List<TestBot> loopbackBots(String settings) {
		return bot(clients, settings, "whatsapp", "{\"provider\":\"loopback\",\"url\":\"" + provider.url() + "\"}");
	}

	private static final AtomicInteger BOTS = new AtomicInteger();

	/**
	 * A bot whose channel is configured once, before any instance reads it (instances
	 * cache channel settings for a few seconds), with a {@code welcome} template and a
	 * key; one handle per instance.
	 */
	private static List<TestBot> bot(List<TidingsClient> through, String settings, String channel,
			String channelSettings) {
		TidingsClient admin = through.get(0);
		String id = "cluster_" + BOTS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
		String rate = (settings != null && settings.contains("rateLimitPerMinute")) ? ""
				: ",\"rateLimitPerMinute\":1000000";
		admin
			.post("/v1/bots", "{\"botId\":\"" + id + "\"" + rate + ((settings != null) ? "," + settings : "") + "}",
					"x-api-key", ADMIN)
			.expect(201);
		admin.put("/v1/bots/" + id + "/channels/" + channel, channelSettings, "x-api-key", ADMIN).expect(200);
		admin
			.post("/v1/bots/" + id + "/templates",
					"{\"name\":\"welcome\",\"channel\":\"" + channel
							+ "\",\"body\":\"Hello {{1}}, order {{2}} is on its way\"}",
					"x-api-key", ADMIN)
			.expect(201);
		String key = admin.post("/v1/bots/" + id + "/keys", "{\"name\":\"k\"}", "x-api-key", ADMIN)
			.expect(201)
			.json()
			.get("key")
			.asString();
		return through.stream().map((c) -> new TestBot(id, key, null, c)).toList();
	}

	// pushes n sends, spread over the given bots (one per instance) by six clients at
	// once
	private static List<String> pushEverywhere(List<TestBot> bots, int n) throws Exception {
		List<String> ids = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		ExecutorService senders = Executors.newFixedThreadPool(6);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			runs.add(senders.submit(() -> {
				int i;
				while ((i = next.getAndIncrement()) < n) {
					TestBot bot = bots.get(i % bots.size());
					ids.add(bot.push(body("9198" + String.format("%08d", i)))
						.expect(202)
						.json()
						.get("msgId")
						.asString());
				}
				return null;
			}));
		}
		for (Future<?> run : runs) {
			run.get();
		}
		senders.shutdown();
		return new ArrayList<>(ids);
	}

	/**
	 * Pushes through every instance until each answers {@code status} (a change made
	 * through one instance reaches the others when announced, not at once).
	 */
	private static void answersEverywhere(List<TestBot> through, String numberPrefix, int status, String what) {
		for (int i = 0; i < through.size(); i++) {
			TestBot bot = through.get(i);
			int n = i;
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(
						() -> assertThat(bot.push(body(numberPrefix + n)).status()).as(what + " through instance " + n)
							.isEqualTo(status));
		}
	}

	private static String body(String number) {
		return "{\"userDetails\":{\"number\":\"" + number + "\"},\"notification\":{\"type\":\"whatsapp\","
				+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}";
	}

	private static Map<String, List<LoopbackProviderServer.HandOver>> handOvers(List<String> ids) {
		Set<String> wanted = Set.copyOf(ids);
		return provider.received()
			.stream()
			.filter((h) -> wanted.contains(h.notification()))
			.collect(Collectors.groupingBy(LoopbackProviderServer.HandOver::notification));
	}

	// every notification's events, in the order they were recorded, climb the funnel
	private static void assertForwardOnly(String botId) {
		Map<String, List<String>> events = new ConcurrentHashMap<>();
		jdbc.query("""
				select e.notification_id::text, e.status from status_event e join notification n
				  on n.id = e.notification_id where n.bot_id = ? order by e.notification_id, e.seq""", (rs) -> {
			events.computeIfAbsent(rs.getString(1), (k) -> new ArrayList<>()).add(rs.getString(2));
		}, botId);
		events.forEach((id, statuses) -> {
			List<Integer> ranks = statuses.stream().map((s) -> Status.valueOf(s).ordinal()).toList();
			assertThat(ranks).as("statuses of " + id + ": " + statuses).isSorted().doesNotHaveDuplicates();
		});
	}

	private static final Pattern MSG_ID = Pattern.compile("\"msgId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

	private static Map<String, Set<String>> callbacks(WebhookReceiver receiver) {
		Map<String, Set<String>> statuses = new ConcurrentHashMap<>();
		for (WebhookReceiver.Received call : receiver.accepted()) {
			Matcher id = MSG_ID.matcher(call.body());
			Matcher status = STATUS.matcher(call.body());
			if (id.find() && status.find()) {
				statuses.computeIfAbsent(id.group(1), (k) -> ConcurrentHashMap.newKeySet()).add(status.group(1));
			}
		}
		return statuses;
	}

	// how often each (notification, status) was called back
	private static Map<String, Integer> callCounts(WebhookReceiver receiver) {
		Map<String, Integer> counts = new ConcurrentHashMap<>();
		for (WebhookReceiver.Received call : receiver.accepted()) {
			Matcher id = MSG_ID.matcher(call.body());
			Matcher status = STATUS.matcher(call.body());
			if (id.find() && status.find()) {
				counts.merge(id.group(1) + "/" + status.group(1), 1, Integer::sum);
			}
		}
		return counts;
	}

	private static long count(String sql, Object... args) {
		Long value = jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
