package io.tidings.callback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;

import org.springframework.stereotype.Component;

/**
 * One signed webhook POST (API.md §9) through {@link WebhookClient}, shared by the first
 * attempts read from the event log ({@link EventStream}) and the retries
 * ({@link CallbackSender}). Each attempt is signed with a fresh
 * {@code webhook-timestamp}. Attempts to one endpoint are bounded by {@code perEndpoint}
 * so that a slow endpoint holds only its own slots.
 */
@Component
class WebhookPost {

	private final Bots bots;

	private final CallbackProperties properties;

	private final Clock clock;

	private final WebhookClient client;

	private final Map<String, Semaphore> endpoints = new ConcurrentHashMap<>();

	// System.nanoTime() of each endpoint's latest answer: a busy endpoint answers often,
	// a
	// slow or dead one does not
	private final Map<String, AtomicLong> lastAnswer = new ConcurrentHashMap<>();

	WebhookPost(Bots bots, WebhookClient client, CallbackProperties properties, Clock clock) {
		this.bots = bots;
		this.client = client;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Takes one of the endpoint's slots, waiting at most {@code waitMillis}.
	 * @return the slot to release after the attempt, or null when none came free
	 */
	Semaphore slot(String url, long waitMillis) throws InterruptedException {
		Semaphore endpoint = this.endpoints.computeIfAbsent(WebhookUrls.authority(url),
				(key) -> new Semaphore(this.properties.perEndpoint()));
		return endpoint.tryAcquire(waitMillis, TimeUnit.MILLISECONDS) ? endpoint : null;
	}

	/**
	 * Posts the payload once, signed with a fresh timestamp.
	 */
	Result post(UUID deliveryId, String botId, String url, String payload) {
		Instant started = this.clock.instant();
		long timestamp = started.getEpochSecond();
		Map<String, String> headers = new HashMap<>(4);
		headers.put("webhook-id", deliveryId.toString());
		headers.put("webhook-timestamp", Long.toString(timestamp));
		Bot bot = this.bots.find(botId).orElse(null);
		if (bot != null) {
			headers.put("webhook-signature",
					WebhookSigner.sign(bot.webhookSecret(), deliveryId.toString(), timestamp, payload));
		}
		WebhookClient.Result result = this.client.post(url, headers, payload.getBytes(StandardCharsets.UTF_8));
		if (result.statusCode() != null) {
			this.lastAnswer.computeIfAbsent(WebhookUrls.authority(url), (key) -> new AtomicLong())
				.set(System.nanoTime());
		}
		return new Result(started, result.statusCode(), result.error(), result.durationMs());
	}

	/**
	 * Whether the endpoint answered anything (any status) in the last {@code nanos}.
	 */
	boolean answeredWithin(String url, long nanos) {
		AtomicLong last = this.lastAnswer.get(WebhookUrls.authority(url));
		return last != null && System.nanoTime() - last.get() < nanos;
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
