package io.tidings.callback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;

import org.springframework.stereotype.Component;

/**
 * One signed webhook POST (API.md §9), shared by the first attempts read from the event
 * log ({@link EventStream}) and the retries ({@link CallbackSender}). Each attempt is
 * signed with a fresh {@code webhook-timestamp}. Attempts to one endpoint are bounded by
 * {@code perEndpoint} so that a slow endpoint holds only its own slots.
 */
@Component
class WebhookPost {

	private final Bots bots;

	private final CallbackProperties properties;

	private final Clock clock;

	private final HttpClient http;

	private final Map<String, Semaphore> endpoints = new ConcurrentHashMap<>();

	// System.nanoTime() of each endpoint's latest answer: a busy endpoint answers often,
	// a
	// slow or dead one does not
	private final Map<String, AtomicLong> lastAnswer = new ConcurrentHashMap<>();

	WebhookPost(Bots bots, CallbackProperties properties, Clock clock) {
		this.bots = bots;
		this.properties = properties;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	/**
	 * Takes one of the endpoint's slots, waiting at most {@code waitMillis}.
	 * @return the slot to release after the attempt, or null when none came free
	 */
	Semaphore slot(String url, long waitMillis) throws InterruptedException {
		Semaphore endpoint = this.endpoints.computeIfAbsent(authority(url),
				(key) -> new Semaphore(this.properties.perEndpoint()));
		return endpoint.tryAcquire(waitMillis, TimeUnit.MILLISECONDS) ? endpoint : null;
	}

	/**
	 * Posts the payload once.
	 */
	Result post(UUID deliveryId, String botId, String url, String payload) {
		Instant started = this.clock.instant();
		long nanos = System.nanoTime();
		try {
			long timestamp = started.getEpochSecond();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.timeout(this.properties.timeout())
				.header("Content-Type", "application/json")
				.header("User-Agent", "Tidings-Webhooks/1")
				.header("webhook-id", deliveryId.toString())
				.header("webhook-timestamp", Long.toString(timestamp))
				.POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
			Bot bot = this.bots.find(botId).orElse(null);
			if (bot != null) {
				request.header("webhook-signature",
						WebhookSigner.sign(bot.webhookSecret(), deliveryId.toString(), timestamp, payload));
			}
			HttpResponse<Void> response = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			this.lastAnswer.computeIfAbsent(authority(url), (key) -> new AtomicLong()).set(System.nanoTime());
			return new Result(started, response.statusCode(), null, elapsed(nanos));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(started, null, "interrupted", elapsed(nanos));
		}
		catch (Exception ex) {
			String error = ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
			return new Result(started, null, error, elapsed(nanos));
		}
	}

	/**
	 * Whether the endpoint answered anything (any status) in the last {@code nanos}.
	 */
	boolean answeredWithin(String url, long nanos) {
		AtomicLong last = this.lastAnswer.get(authority(url));
		return last != null && System.nanoTime() - last.get() < nanos;
	}

	private static String authority(String url) {
		try {
			URI uri = URI.create(url);
			return uri.getScheme() + "://" + uri.getAuthority();
		}
		catch (IllegalArgumentException ex) {
			return url;
		}
	}

	private static int elapsed(long startNanos) {
		return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	/**
	 * What one attempt got: the response code (null when no response came) or the error.
	 */
	record Result(Instant at, Integer statusCode, String error, int durationMs) {

		boolean succeeded() {
			return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
		}

	}

}
