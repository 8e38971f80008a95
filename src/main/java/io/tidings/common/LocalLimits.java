package io.tidings.common;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SharedLimits} kept in this JVM: token buckets and slots that hold for one
 * instance only.
 */
final class LocalLimits implements SharedLimits {

	private final Set<String> held = ConcurrentHashMap.newKeySet();

	@Override
	public Budget budget(String key, long capacity, double perSecond) {
		return new Bucket(capacity, perSecond);
	}

	@Override
	public Optional<Slot> tryHold(String key, int slots) {
		for (int i = 0; i < slots; i++) {
			String name = key + "#" + i;
			if (this.held.add(name)) {
				int number = i;
				return Optional.of(new Slot() {

					private volatile boolean open = true;

					@Override
					public int number() {
						return number;
					}

					@Override
					public boolean held() {
						return this.open;
					}

					@Override
					public void close() {
						if (this.open) {
							this.open = false;
							LocalLimits.this.held.remove(name);
						}
					}

				});
			}
		}
		return Optional.empty();
	}

	private static final class Bucket implements Budget {

		private final double capacity;

		private final double perNano;

		private double tokens;

		private long refilledAt = System.nanoTime();

		Bucket(long capacity, double perSecond) {
			this.capacity = capacity;
			this.perNano = perSecond / 1e9;
			this.tokens = capacity;
		}

		@Override
		public synchronized Take tryTake(int count) {
			long now = System.nanoTime();
			this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.perNano);
			this.refilledAt = now;
			if (this.tokens >= count) {
				this.tokens -= count;
				return new Take(true, (long) this.tokens, Duration.ZERO);
			}
			return new Take(false, (long) this.tokens, Duration.ofNanos((long) ((count - this.tokens) / this.perNano)));
		}

	}

}
