package io.tidings.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tidings.channel.Delivery;
import io.tidings.channel.FollowUp;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.Status;

/**
 * A provider ({@code provider: loopback}) that hands each delivery to an HTTP server on
 * loopback ({@code url}), naming the instance that sent it, so that a test counts what
 * every instance of a cluster handed over; 200 accepts it and announces DELIVERED_USER.
 */
final class LoopbackProviderFactory implements ProviderFactory {

	private final String node;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	LoopbackProviderFactory(String node) {
		this.node = node;
	}

	@Override
	public String name() {
		return "loopback";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.WHATSAPP, Channel.SMS);
	}

	@Override
	public void validate(Map<String, Object> settings) {
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		URI url = URI.create((String) settings.get("url"));
		return (delivery) -> send(url, delivery);
	}

	private SendResult send(URI url, Delivery delivery) {
		try {
			HttpResponse<Void> response = this.http.send(HttpRequest.newBuilder(url)
				.header("X-Node", this.node)
				.header("X-Notification", delivery.notificationId().toString())
				.header("X-Attempt", Integer.toString(delivery.attempt()))
				.timeout(Duration.ofSeconds(60))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding());
			return (response.statusCode() == 200)
					? new SendResult.Accepted("lb-" + delivery.notificationId(), null,
							List.of(FollowUp.of(Duration.ofMillis(10), Status.DELIVERED_USER)))
					: new SendResult.Retryable("HTTP " + response.statusCode(), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new SendResult.Retryable("interrupted", null);
		}
		catch (Exception ex) {
			return new SendResult.Retryable(ex.getClass().getSimpleName(), null);
		}
	}

}
