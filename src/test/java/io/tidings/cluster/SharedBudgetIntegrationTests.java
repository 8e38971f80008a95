package io.tidings.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.tidings.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared token bucket against the real database, with several {@link ChunkedBudget}s
 * on one key standing for several instances: tokens are taken a chunk per database call,
 * not one call per take, and together the instances admit no more than the bucket allows
 * plus one chunk each.
 */
@IntegrationTest
class SharedBudgetIntegrationTests {

	private static final Duration LEASE = Duration.ofMillis(100);

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void takesCostOneDatabaseCallPerChunkNotPerTake() {
		Counting store = new Counting(this.jdbc);
		// 10,000 a second: a chunk is 1,000 tokens
		ChunkedBudget budget = new ChunkedBudget("test:" + UUID.randomUUID(), 20_000, 10_000, LEASE, store);
		for (int i = 0; i < 5_000; i++) {
			assertThat(budget.tryTake(1).granted()).isTrue();
		}
		assertThat(store.calls.get()).as("database calls for 5,000 takes").isLessThanOrEqualTo(5_000 / 100);
	}

	@Test
	void instancesTogetherAdmitTheLimitPlusOneChunkEach() throws Exception {
		String key = "test:" + UUID.randomUUID();
		int capacity = 200;
		double perSecond = 100;
		List<ChunkedBudget> instances = List.of(
				new ChunkedBudget(key, capacity, perSecond, LEASE, new Counting(this.jdbc)),
				new ChunkedBudget(key, capacity, perSecond, LEASE, new Counting(this.jdbc)),
				new ChunkedBudget(key, capacity, perSecond, LEASE, new Counting(this.jdbc)));
		AtomicInteger granted = new AtomicInteger();
		long started = System.nanoTime();
		ExecutorService callers = Executors.newFixedThreadPool(6);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < 6; t++) {
			ChunkedBudget instance = instances.get(t % 3);
			runs.add(callers.submit(() -> {
				for (int i = 0; i < 400; i++) {
					if (instance.tryTake(1).granted()) {
						granted.incrementAndGet();
					}
				}
			}));
		}
		for (Future<?> run : runs) {
			run.get();
		}
		callers.shutdown();
		double seconds = (System.nanoTime() - started) / 1e9;
		long chunk = instances.get(0).chunk();
		assertThat(granted.get()).as("granted of 2,400 in %.2f s", seconds)
			.isLessThanOrEqualTo((int) (capacity + Math.ceil(perSecond * seconds) + 3 * chunk))
			.isGreaterThanOrEqualTo((int) (capacity - 3 * chunk));
	}

	@Test
	void aRefusalSaysWhenTokensWillBeThereAndIsAnsweredLocallyForALease() {
		Counting store = new Counting(this.jdbc);
		ChunkedBudget budget = new ChunkedBudget("test:" + UUID.randomUUID(), 3, 3 / 60.0, LEASE, store);
		for (int i = 0; i < 3; i++) {
			assertThat(budget.tryTake(1).granted()).isTrue();
		}
		int before = store.calls.get();
		var refused = budget.tryTake(1);
		assertThat(refused.granted()).isFalse();
		assertThat(refused.retryIn()).isGreaterThan(Duration.ofSeconds(15)).isLessThanOrEqualTo(Duration.ofSeconds(20));
		for (int i = 0; i < 100; i++) {
			budget.tryTake(1);
		}
		// the refusals after the first come from memory until the lease ends (at most a
		// few leases pass on a slow machine)
		assertThat(store.calls.get() - before).isLessThan(20);
	}

	@Test
	void concurrentTakesSpendEachGrantedTokenOnce() throws Exception {
		Counting store = new Counting(this.jdbc);
		// a chunk is 1,000 tokens; 16,000 takes fit in the bucket
		ChunkedBudget budget = new ChunkedBudget("test:" + UUID.randomUUID(), 20_000, 10_000, LEASE, store);
		java.util.concurrent.atomic.AtomicLong granted = new java.util.concurrent.atomic.AtomicLong();
		java.util.List<Thread> threads = new java.util.ArrayList<>();
		for (int t = 0; t < 8; t++) {
			threads.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < 2_000; i++) {
					if (budget.tryTake(1).granted()) {
						granted.incrementAndGet();
					}
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(granted.get()).isEqualTo(16_000);
		// once the lease has ended and the rest is given back, every token taken from the
		// database was spent once or given back (a slow run may already have given some
		// back, or hold some to give back)
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			budget.giveBackExpired();
			assertThat(store.tokens.get() - store.givenBack.get()).as("tokens taken and not given back")
				.isEqualTo(granted.get());
		});
	}

	@Test
	void takesGoOnWhileTheBudgetIsToppedUp() throws Exception {
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		BudgetStore held = new BudgetStore(this.jdbc) {
			@Override
			Granted take(String key, long capacity, double perSecond, long need, long want, long giveBack) {
				Granted granted = super.take(key, capacity, perSecond, need, want, giveBack);
				if (calls.incrementAndGet() == 2) {
					// the top-up's round trip, held for as long as the test likes
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				return granted;
			}
		};
		// a chunk of 1,000 tokens for a lease of 1 s
		ChunkedBudget budget = new ChunkedBudget("test:" + UUID.randomUUID(), 20_000, 1_000, Duration.ofSeconds(1),
				held);
		assertThat(budget.tryTake(1).granted()).isTrue();
		// past half the lease, a take tops the budget up (and waits for its round trip)
		Thread topping = Thread.ofPlatform().start(() -> {
			// a take a millisecond at most: the chunk lasts longer than half the lease
			while (calls.get() < 2 && !Thread.currentThread().isInterrupted()) {
				budget.tryTake(1);
				java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
			}
		});
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 2);
			// meanwhile other takes spend what is held
			java.util.concurrent.CompletableFuture<Boolean> other = java.util.concurrent.CompletableFuture
				.supplyAsync(() -> budget.tryTake(1).granted());
			assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		}
		finally {
			release.countDown();
			// should the top-up never come, the thread must not spin on for the
			// tests after this one
			topping.interrupt();
			topping.join();
		}
	}

	private static final class Counting extends BudgetStore {

		final AtomicInteger calls = new AtomicInteger();

		final java.util.concurrent.atomic.AtomicLong tokens = new java.util.concurrent.atomic.AtomicLong();

		final java.util.concurrent.atomic.AtomicLong givenBack = new java.util.concurrent.atomic.AtomicLong();

		Counting(JdbcTemplate jdbc) {
			super(jdbc);
		}

		@Override
		Granted take(String key, long capacity, double perSecond, long need, long want, long giveBack) {
			this.calls.incrementAndGet();
			Granted granted = super.take(key, capacity, perSecond, need, want, giveBack);
			this.tokens.addAndGet(granted.tokens());
			this.givenBack.addAndGet(giveBack);
			return granted;
		}

	}

}
