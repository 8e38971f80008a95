package io.tidings.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.tidings.common.SharedLimits.Budget;
import io.tidings.common.SharedLimits.Take;

/**
 * One shared token bucket as this instance sees it: tokens taken from the database a
 * chunk at a time, spent here, and given back at the next take (or by the sweep) once the
 * lease ends. A refused take is remembered for up to one lease, so a flood of refused
 * requests costs one round trip per lease, not one each. Spending tokens already here
 * takes no lock (one compare-and-set): every send of a bot passes here, and the monitor
 * was a point where all of them queued.
 */
final class ChunkedBudget implements Budget {

	private final String key;

	private final long capacity;

	private final double perSecond;

	private final long chunk;

	private final long leaseNanos;

	private final BudgetStore store;

	// tokens here, spendable while the lease runs; decremented without the monitor, moved
	// elsewhere only under it
	private final AtomicLong local = new AtomicLong();

	private final AtomicBoolean toppingUp = new AtomicBoolean();

	private volatile long leaseEnds;

	private long giveBack;

	private long refusedAt;

	private long refusedUntil;

	private Duration refusedWait = Duration.ZERO;

	private volatile long remoteRemaining;

	ChunkedBudget(String key, long capacity, double perSecond, Duration lease, BudgetStore store) {
		this.key = key;
		this.capacity = capacity;
		this.perSecond = perSecond;
		this.leaseNanos = lease.toNanos();
		this.chunk = Math.max(1, Math.min(capacity, (long) (perSecond * lease.toNanos() / 1e9)));
		this.store = store;
		this.remoteRemaining = capacity;
	}

	long capacity() {
		return this.capacity;
	}

	double perSecond() {
		return this.perSecond;
	}

	long chunk() {
		return this.chunk;
	}

	@Override
	public Take tryTake(int count) {
		long now = System.nanoTime();
		long ends = this.leaseEnds;
		if (now - ends < 0) {
			for (long here = this.local.get(); here >= count; here = this.local.get()) {
				if (this.local.compareAndSet(here, here - count)) {
					if (now - (ends - this.leaseNanos / 2) >= 0 && this.toppingUp.compareAndSet(false, true)) {
						try {
							topUp(now);
						}
						finally {
							this.toppingUp.set(false);
						}
					}
					return new Take(true, this.remoteRemaining + here - count, Duration.ZERO);
				}
			}
		}
		return take(count, now);
	}

	/**
	 * Past half its lease, a budget in use takes tokens up to a chunk and renews the
	 * lease of what it holds, while the other takes go on spending: with a 100 ms lease,
	 * every send of the bot otherwise waited for the refill's round trip ten times a
	 * second. It never holds more than a chunk, so the cluster's bound is unchanged.
	 */
	private synchronized void topUp(long now) {
		long want = this.chunk - this.local.get();
		if (now - this.leaseEnds >= 0 || want <= 0) {
			return;
		}
		try {
			BudgetStore.Granted granted = this.store.take(this.key, this.capacity, this.perSecond, 1, want,
					this.giveBack);
			this.giveBack = 0;
			this.remoteRemaining = granted.remaining();
			if (granted.tokens() > 0) {
				this.leaseEnds = now + this.leaseNanos;
				this.local.addAndGet(granted.tokens());
			}
		}
		catch (RuntimeException ex) {
			// the take that ran out after the lease tries again (and reports)
		}
	}

	private synchronized Take take(int count, long now) {
		expire(now);
		long here = this.local.get();
		if (here >= count && this.local.compareAndSet(here, here - count)) {
			return new Take(true, this.remoteRemaining + here - count, Duration.ZERO);
		}
		if (now - this.refusedUntil < 0) {
			long waited = now - this.refusedAt;
			return new Take(false, this.remoteRemaining + this.local.get(),
					Duration.ofNanos(Math.max(0, this.refusedWait.toNanos() - waited)));
		}
		// the tokens still here (fewer than count) go into this take; put back if refused
		long left = this.local.getAndSet(0);
		long need = count - left;
		BudgetStore.Granted granted;
		try {
			granted = this.store.take(this.key, this.capacity, this.perSecond, need, Math.max(need, this.chunk),
					this.giveBack);
		}
		catch (RuntimeException ex) {
			this.local.addAndGet(left);
			throw ex;
		}
		this.giveBack = 0;
		this.remoteRemaining = granted.remaining();
		if (granted.tokens() >= need) {
			this.leaseEnds = now + this.leaseNanos;
			long after = this.local.addAndGet(left + granted.tokens() - count);
			return new Take(true, this.remoteRemaining + after, Duration.ZERO);
		}
		this.local.addAndGet(left);
		this.refusedWait = granted.retryIn();
		this.refusedAt = now;
		this.refusedUntil = now + Math.min(this.leaseNanos, granted.retryIn().toNanos());
		return new Take(false, this.remoteRemaining + this.local.get(), granted.retryIn());
	}

	/**
	 * Gives back the tokens whose lease ended, if any: the sweep's round trip.
	 */
	void giveBackExpired() {
		// the round trip runs outside the monitor: with the database away (a silent
		// partition waits for the driver's socket timeout) requests must not queue behind
		// the sweep
		long back;
		synchronized (this) {
			expire(System.nanoTime());
			back = this.giveBack;
			this.giveBack = 0;
		}
		if (back <= 0) {
			return;
		}
		try {
			long remaining = this.store.take(this.key, this.capacity, this.perSecond, 0, 0, back).remaining();
			synchronized (this) {
				this.remoteRemaining = remaining;
			}
		}
		catch (RuntimeException ex) {
			synchronized (this) {
				this.giveBack += back;
			}
			throw ex;
		}
	}

	private void expire(long now) {
		if (now - this.leaseEnds >= 0) {
			this.giveBack += this.local.getAndSet(0);
		}
	}

}
