package io.tidings.common;

import java.time.Duration;
import java.util.Optional;

/**
 * Limits that hold for every Tidings instance on one database: token buckets (rate
 * limits, provider pacing) and numbered slots (SMPP binds). The {@code cluster} module
 * keeps them in PostgreSQL; {@link #inProcess()} keeps them in one object (for a provider
 * built outside the application).
 */
public interface SharedLimits {

	/**
	 * The token bucket named {@code key}: it holds at most {@code capacity} tokens and
	 * gains {@code perSecond} a second.
	 */
	Budget budget(String key, long capacity, double perSecond);

	/**
	 * Tries to hold one of the {@code slots} slots named {@code key} (numbered from 0),
	 * until closed or lost.
	 * @return the slot held, or empty when every slot is held elsewhere
	 */
	Optional<Slot> tryHold(String key, int slots);

	/**
	 * New limits kept in the returned object only (one instance, nothing shared).
	 */
	static SharedLimits inProcess() {
		return new LocalLimits();
	}

	/**
	 * A token bucket.
	 */
	interface Budget {

		/**
		 * Takes {@code count} tokens if there are that many now, else none.
		 */
		Take tryTake(int count);

		/**
		 * Takes {@code count} tokens, waiting at most {@code maxWait} for them.
		 * @return whether they were taken
		 */
		default boolean take(int count, Duration maxWait) throws InterruptedException {
			long deadline = System.nanoTime() + maxWait.toNanos();
			while (true) {
				Take take = tryTake(count);
				if (take.granted()) {
					return true;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				Thread.sleep(Math.max(1, Math.min(left, take.retryIn().toNanos()) / 1_000_000));
			}
		}

	}

	/**
	 * What a take got.
	 *
	 * @param granted whether the tokens were taken
	 * @param remaining tokens left (as far as this instance knows)
	 * @param retryIn how long until the tokens asked for could be there, when not granted
	 */
	record Take(boolean granted, long remaining, Duration retryIn) {
	}

	/**
	 * A slot held by this instance.
	 */
	interface Slot extends AutoCloseable {

		/**
		 * The slot's number, from 0.
		 */
		int number();

		/**
		 * False once the slot is released or lost (the connection that held it died).
		 */
		boolean held();

		/**
		 * Releases the slot.
		 */
		@Override
		void close();

	}

}
