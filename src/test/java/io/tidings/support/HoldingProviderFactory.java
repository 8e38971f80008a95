package io.tidings.support;

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
 * Provider {@code holding}: while {@link #hold()} is on, a message's first attempt waits
 * until {@link #release()} (or its own {@link #release(String)}), as a worker stuck or
 * dead mid-send; other attempts are accepted at once, with DELIVERED_USER right away. It
 * counts the attempts it was given per message.
 */
public class HoldingProviderFactory implements ProviderFactory {

	private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private final Map<UUID, CountDownLatch> waiting = new ConcurrentHashMap<>();

	private final AtomicInteger held = new AtomicInteger();

	private volatile CountDownLatch gate = new CountDownLatch(0);

	/**
	 * From now on, first attempts wait for {@link #release()}.
	 */
	public void hold() {
		this.held.set(0);
		this.gate = new CountDownLatch(1);
	}

	/**
	 * Lets every waiting first attempt go on, and the next ones through.
	 */
	public void release() {
		this.gate.countDown();
		this.waiting.values().forEach(CountDownLatch::countDown);
	}

	/**
	 * Lets the message's waiting first attempt go on; the others keep waiting.
	 */
	public void release(String notificationId) {
		CountDownLatch own = this.waiting.get(UUID.fromString(notificationId));
		if (own != null) {
			own.countDown();
		}
	}

	/**
	 * First attempts waiting now.
	 */
	public int held() {
		return this.held.get();
	}

	/**
	 * Attempts handed to this provider for the message.
	 */
	public int attempts(String notificationId) {
		AtomicInteger count = this.attempts.get(UUID.fromString(notificationId));
		return (count != null) ? count.get() : 0;
	}

	@Override
	public String name() {
		return "holding";
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
			this.attempts.computeIfAbsent(delivery.notificationId(), (id) -> new AtomicInteger()).incrementAndGet();
			CountDownLatch waitFor = this.gate;
			if (delivery.attempt() == 1 && waitFor.getCount() > 0) {
				CountDownLatch own = new CountDownLatch(1);
				// registered before it counts as held: a test that waits for held() may
				// then
				// release this message alone
				this.waiting.put(delivery.notificationId(), own);
				this.held.incrementAndGet();
				try {
					if (waitFor.getCount() == 0) {
						own.countDown(); // released while it was being registered
					}
					own.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					this.held.decrementAndGet();
					this.waiting.remove(delivery.notificationId(), own);
				}
			}
			return new SendResult.Accepted("held-" + delivery.notificationId() + "-" + delivery.attempt(), null,
					List.of(FollowUp.of(java.time.Duration.ZERO, Status.DELIVERED_USER)));
		};
	}

}
