package io.tidings.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook client against a real receiver on loopback: the address policy holds on
 * each connection, redirects are not followed, connections are kept alive.
 */
class WebhookClientTests {

	private HttpServer receiver;

	private final AtomicInteger requests = new AtomicInteger();

	private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

	private volatile int answer = 200;

	// the last request's headers (lower-case names) and body
	private volatile Map<String, List<String>> lastHeaders = Map.of();

	private volatile byte[] lastBody;

	// when set, the receiver holds every answer until it is counted down
	private volatile CountDownLatch holdAnswers;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.receiver.createContext("/", this::handle);
		this.receiver.start();
	}

	@AfterEach
	void stopReceiver() {
		this.receiver.stop(0);
	}

	@Test
	void loopbackTargetsAreNotConnectedToInAnySpellingWithoutAnAllowedNetwork() {
		WebhookClient client = client(List.of(), WebhookClientTests::literalsOnly);
		for (String host : List.of("127.0.0.1", "localhost", "127.1", "2130706433", "[::ffff:127.0.0.1]", "0.0.0.0",
				"[::1]")) {
			WebhookClient.Result result = client.post("http://" + host + ":" + port() + "/hook", Map.of(), body());
			assertThat(result.statusCode()).as(host).isNull();
			assertThat(result.error()).as(host).startsWith("refused target");
		}
		assertThat(this.requests).hasValue(0);
	}

	@Test
	void aResolverThatAnswersAPublicAddressFirstAndLoopbackLaterDoesNotGetThrough() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		WebhookTargets.Resolver rebinding = (host) -> {
			if (!host.equals("rebind.example.com")) {
				return literalsOnly(host);
			}
			return new InetAddress[] {
					InetAddress.getByName((lookups.getAndIncrement() == 0) ? "93.184.216.34" : "127.0.0.1") };
		};
		WebhookTargets targets = new WebhookTargets(List.of(), rebinding);
		String url = "http://rebind.example.com:" + port() + "/hook";
		targets.check(url, "postbackUrl");
		WebhookClient.Result result = new WebhookClient(targets, properties()).post(url, Map.of(), body());
		assertThat(result.statusCode()).isNull();
		assertThat(result.error()).startsWith("refused target");
		assertThat(lookups).hasValue(2);
		assertThat(this.requests).hasValue(0);
	}

	@Test
	void anAllowedNetworkIsReachedAndItsConnectionKeptAlive() {
		WebhookClient client = client(WebhookTargets.Network.parseAll("127.0.0.0/8"), WebhookClientTests::literalsOnly);
		for (int i = 0; i < 5; i++) {
			WebhookClient.Result result = client.post("http://127.0.0.1:" + port() + "/hook",
					Map.of("webhook-id", "msg_" + i), body());
			assertThat(result.statusCode()).isEqualTo(200);
			assertThat(result.error()).isNull();
		}
		assertThat(this.requests).hasValue(5);
		assertThat(this.clientPorts).hasSize(1);
	}

	@Test
	void aRedirectIsAFailedAttemptAndIsNotFollowed() {
		this.answer = 302;
		WebhookClient client = client(WebhookTargets.Network.parseAll("127.0.0.0/8"), WebhookClientTests::literalsOnly);
		WebhookClient.Result result = client.post("http://127.0.0.1:" + port() + "/hook", Map.of(), body());
		assertThat(result.statusCode()).isEqualTo(302);
		assertThat(this.requests).hasValue(1);
	}

	@Test
	void aPostCarriesItsBodyAndHeadersAndOnlyTheHeadersHttpNeeds() {
		WebhookClient client = client(WebhookTargets.Network.parseAll("127.0.0.0/8"), WebhookClientTests::literalsOnly);
		WebhookClient.Result result = client.post("http://127.0.0.1:" + port() + "/hook?x=1",
				Map.of("webhook-id", "msg_1", "webhook-signature", "v1,abc"), body());
		assertThat(result.statusCode()).isEqualTo(200);
		assertThat(this.lastBody).isEqualTo(body());
		Map<String, List<String>> headers = this.lastHeaders;
		assertThat(headers.get("webhook-id")).containsExactly("msg_1");
		assertThat(headers.get("webhook-signature")).containsExactly("v1,abc");
		assertThat(headers.get("user-agent")).containsExactly("Tidings-Webhooks/1");
		assertThat(headers.get("content-type").get(0)).startsWith("application/json");
		assertThat(headers.get("content-length")).containsExactly(Integer.toString(body().length));
		assertThat(headers.get("host")).containsExactly("127.0.0.1:" + port());
		// no decompression, cookies or authentication: an answer's body is never read
		assertThat(headers).doesNotContainKeys("accept-encoding", "cookie", "authorization", "expect");
	}

	@Test
	void anEndpointThatDoesNotAnswerWithinTheTimeoutIsAFailedAttempt() {
		this.holdAnswers = new CountDownLatch(1);
		try {
			WebhookClient client = new WebhookClient(new WebhookTargets(WebhookTargets.Network.parseAll("127.0.0.0/8"),
					WebhookClientTests::literalsOnly), properties(Duration.ofSeconds(1)));
			WebhookClient.Result result = client.post("http://127.0.0.1:" + port() + "/hook", Map.of(), body());
			assertThat(result.statusCode()).isNull();
			assertThat(result.error()).contains("Timeout");
			assertThat(this.requests).hasValue(1);
		}
		finally {
			this.holdAnswers.countDown();
		}
	}

	private WebhookClient client(List<WebhookTargets.Network> allowed, WebhookTargets.Resolver resolver) {
		return new WebhookClient(new WebhookTargets(allowed, resolver), properties());
	}

	private static CallbackProperties properties() {
		return properties(Duration.ofSeconds(5));
	}

	private static CallbackProperties properties(Duration timeout) {
		return new CallbackProperties(List.of(Duration.ofSeconds(1)), timeout, 10, 10, 4, Duration.ofMinutes(1),
				Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofSeconds(10), Duration.ofSeconds(3),
				Duration.ZERO);
	}

	private int port() {
		return this.receiver.getAddress().getPort();
	}

	private static byte[] body() {
		return "{\"status\":\"READ\"}".getBytes(StandardCharsets.UTF_8);
	}

	/** Parses literals and answers localhost; looks nothing up. */
	private static InetAddress[] literalsOnly(String host) throws UnknownHostException {
		if (host.equalsIgnoreCase("localhost")) {
			return new InetAddress[] { InetAddress.getByName("127.0.0.1") };
		}
		if (host.contains(":") || host.matches("[0-9.]+")) {
			return new InetAddress[] { InetAddress.getByName(host) };
		}
		throw new UnknownHostException(host);
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		this.clientPorts.add(exchange.getRemoteAddress().getPort());
		Map<String, List<String>> headers = new HashMap<>();
		exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
		this.lastHeaders = headers;
		this.lastBody = exchange.getRequestBody().readAllBytes();
		CountDownLatch hold = this.holdAnswers;
		if (hold != null) {
			try {
				hold.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.answer == 302) {
			exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/elsewhere");
		}
		exchange.sendResponseHeaders(this.answer, -1);
		exchange.close();
	}

}
