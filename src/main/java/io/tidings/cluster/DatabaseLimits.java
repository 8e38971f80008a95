package io.tidings.cluster;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.SharedLimits;
import io.tidings.common.Workers;

import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Service;

/**
 * {@link SharedLimits} kept in PostgreSQL, so that they hold for every instance on the
 * database: buckets in {@code rate_budget} taken in chunks ({@link ChunkedBudget}), slots
 * as advisory locks ({@link SlotLocks}). A background sweep gives back the tokens of
 * leases that ended.
 */
@Service
@Primary
class DatabaseLimits extends Workers implements SharedLimits {

	private final Cache<String, ChunkedBudget> budgets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	private final BudgetStore store;

	private final SlotLocks slots;

	private final Duration lease;

	private final Duration slotCheck;

	DatabaseLimits(BudgetStore store, SlotLocks slots, ClusterProperties properties) {
		super("shared-limits", 1, Duration.ofSeconds(2));
		this.store = store;
		this.slots = slots;
		this.lease = properties.lease();
		this.slotCheck = properties.slotCheck();
	}

	@Override
	public Budget budget(String key, long capacity, double perSecond) {
		// every send asks: a lock-free read first (compute locks the key's bin, and every
		// request thread of a busy bot queued there)
		ChunkedBudget known = this.budgets.getIfPresent(key);
		if (known != null && known.capacity() == capacity && known.perSecond() == perSecond) {
			return known;
		}
		return this.budgets.asMap()
			.compute(key, (k,
					current) -> (current != null && current.capacity() == capacity && current.perSecond() == perSecond)
							? current : new ChunkedBudget(k, capacity, perSecond, this.lease, this.store));
	}

	@Override
	public Optional<Slot> tryHold(String key, int count) {
		return this.slots.tryHold(key, count);
	}

	@Override
	protected void work(int index) {
		long nextCheck = System.nanoTime() + this.slotCheck.toNanos();
		while (running()) {
			try {
				Thread.sleep(this.lease.toMillis());
				this.budgets.asMap().values().forEach(ChunkedBudget::giveBackExpired);
				if (System.nanoTime() - nextCheck >= 0) {
					nextCheck = System.nanoTime() + this.slotCheck.toNanos();
					this.slots.check();
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// the database is away: the tokens stay to be given back at the next take
			}
		}
	}

}
