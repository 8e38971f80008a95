package io.tidings.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.tidings.channel.FollowUp;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.Status;

/**
 * Provider {@code crashing}: the first attempt for each message hangs until released, as
 * a worker that died mid-batch would; later attempts succeed with one follow-up.
 */
public class CrashingProviderFactory implements ProviderFactory {

	private final Set<UUID> seen = ConcurrentHashMap.newKeySet();

	private final AtomicInteger hanging = new AtomicInteger();

	private volatile CountDownLatch release = new CountDownLatch(1);

	public int hanging() {
		return this.hanging.get();
	}

	public void release() {
		this.release.countDown();
	}

	@Override
	public String name() {
		return "crashing";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.WHATSAPP);
	}

	@Override
	public void validate(Map<String, Object> settings) {
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		return (delivery) -> {
			if (delivery.attempt() == 1) {
				return new SendResult.Retryable("parked", Duration.ofSeconds(30));
			}
			if (delivery.attempt() == 2 && this.seen.add(delivery.notificationId())) {
				this.hanging.incrementAndGet();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return new SendResult.Accepted("crash-" + delivery.notificationId(), null,
					List.of(FollowUp.of(Duration.ZERO, Status.DELIVERED_USER)));
		};
	}

}
