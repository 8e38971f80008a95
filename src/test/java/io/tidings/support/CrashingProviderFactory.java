package io.tidings.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import io.tidings.channel.FollowUp;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.Status;

/**
 * Provider {@code crashing}: a message's first attempt is put off for 30 seconds; the
 * first second attempt it is given hangs until released, so that the worker sending it is
 * as good as dead, with the whole batch it claimed; every other attempt succeeds with one
 * follow-up. Only one send hangs, so only one worker dies, however the workers split the
 * due messages between their claims.
 */
public class CrashingProviderFactory implements ProviderFactory {

	private final AtomicReference<UUID> hung = new AtomicReference<>();

	private volatile CountDownLatch release = new CountDownLatch(1);

	/**
	 * From now on, the next second attempt hangs again.
	 */
	public void arm() {
		this.release = new CountDownLatch(1);
		this.hung.set(null);
	}

	/**
	 * The message whose send hangs, or null while none does.
	 */
	public UUID hung() {
		return this.hung.get();
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
			if (delivery.attempt() == 2 && this.hung.compareAndSet(null, delivery.notificationId())) {
				CountDownLatch waitFor = this.release;
				try {
					waitFor.await();
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
