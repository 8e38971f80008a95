package io.tidings.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers submit items and wait on a future while writer threads store
 * everything queued so far with one call (one transaction), so throughput is bound by
 * rows per second, not commits per second. A batch that fails is retried one item at a
 * time, so one bad item fails only its own caller; a batch that fails because the
 * database cannot be reached fails as a whole at once.
 *
 * <p>
 * A caller that stops waiting ({@link #await}) withdraws its item if no writer has taken
 * it yet, and otherwise waits for the real outcome of the batch that holds it, so a
 * failure answered to a caller always means its item was not stored.
 *
 * <p>
 * As a bean it starts with the context and stops after the web server has stopped taking
 * requests, before the database goes, committing what is still queued.
 *
 * @param <I> what callers submit
 * @param <O> what each caller gets back
 */
public class GroupCommit<I, O> extends Workers {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final int maxBatch;

	private final Function<List<I>, Map<I, Object>> write;

	private final Function<List<I>, Map<I, Object>> verify;

	private final Supplier<RuntimeException> overloaded;

	private final BlockingQueue<Pending<I, O>> queue;

	/**
	 * @param write stores a batch and answers, per item, its result or the
	 * {@link RuntimeException} that refuses it; an item left out fails with an
	 * {@link IllegalStateException}
	 * @param overloaded the failure of a submission while the queue is full or stopped
	 */
	public GroupCommit(String name, int writers, int maxBatch, int capacity, Function<List<I>, Map<I, Object>> write,
			Supplier<RuntimeException> overloaded) {
		this(name, writers, maxBatch, capacity, write, null, overloaded);
	}

	/**
	 * @param verify for a batch whose commit was cut off by a lost connection, answers
	 * the results of the items that were stored (items left out were not); called again
	 * until the database answers, so callers hear the truth rather than a guess
	 */
	public GroupCommit(String name, int writers, int maxBatch, int capacity, Function<List<I>, Map<I, Object>> write,
			Function<List<I>, Map<I, Object>> verify, Supplier<RuntimeException> overloaded) {
		super(name, writers);
		this.verify = verify;
		this.maxBatch = maxBatch;
		this.write = write;
		this.overloaded = overloaded;
		this.queue = new LinkedBlockingQueue<>(capacity);
	}

	/**
	 * Queues an item for the next batch; the future completes once it is committed.
	 */
	public final CompletableFuture<O> submit(I item) {
		Pending<I, O> pending = new Pending<>(item, new Ticket<>());
		if (!running() || !this.queue.offer(pending)) {
			pending.result().completeExceptionally(this.overloaded.get());
		}
		return pending.result();
	}

	/**
	 * Waits up to {@code patience} for a submitted item's outcome; when it runs out, the
	 * item is withdrawn if no writer has taken it ({@code gaveUp} is thrown), otherwise
	 * this waits for the outcome of the batch holding it, which is bounded by the
	 * database's connection and statement timeouts.
	 * @throws RuntimeException the item's own failure, or {@code gaveUp}
	 */
	public static <O> O await(CompletableFuture<O> future, java.time.Duration patience,
			Supplier<RuntimeException> gaveUp) {
		try {
			try {
				return future.get(patience.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				if (future.cancel(false)) {
					throw gaveUp.get();
				}
				return future.get();
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (CancellationException ex) {
			throw gaveUp.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (future.cancel(false)) {
				throw gaveUp.get();
			}
			// taken by a writer: its outcome is what the caller must hear
			return future.join();
		}
	}

	/**
	 * A writer: takes what is queued, up to a batch, and writes it; after a stop it
	 * commits what is still queued before it ends.
	 */
	@Override
	protected void work(int index) {
		List<Pending<I, O>> batch = new ArrayList<>(this.maxBatch);
		while (running() || !this.queue.isEmpty()) {
			try {
				Pending<I, O> first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatch - 1);
				batch.removeIf((pending) -> !pending.result().take());
				if (!batch.isEmpty()) {
					write(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	private void write(List<Pending<I, O>> batch) {
		try {
			complete(batch, this.write.apply(batch.stream().map(Pending::item).toList()));
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.unreachable(ex) && this.verify != null && !DatabaseFailures.neverStarted(ex)) {
				resolveInDoubt(batch, ex);
				return;
			}
			if (DatabaseFailures.unreachable(ex)) {
				log.warn("{}: a batch of {} failed, the database is unreachable: {}", name(), batch.size(),
						DatabaseFailures.describe(ex));
				batch.forEach((pending) -> pending.result().completeExceptionally(ex));
				return;
			}
			if (batch.size() == 1) {
				log.warn("{}: could not store an item: {}", name(), DatabaseFailures.describe(ex));
				batch.get(0).result().completeExceptionally(ex);
				return;
			}
			log.warn("{}: a batch of {} failed; storing them one by one: {}", name(), batch.size(),
					DatabaseFailures.describe(ex));
			for (int i = 0; i < batch.size(); i++) {
				write(List.of(batch.get(i)));
				if (batch.get(i).result().isCompletedExceptionally() && unreachable(batch.get(i).result())) {
					RuntimeException down = failure(batch.get(i).result());
					batch.subList(i + 1, batch.size()).forEach((p) -> p.result().completeExceptionally(down));
					return;
				}
			}
		}
	}

	private void resolveInDoubt(List<Pending<I, O>> batch, RuntimeException cutOff) {
		log.warn("{}: the commit of a batch of {} was cut off ({}); its callers wait until the database says what was"
				+ " stored", name(), batch.size(), DatabaseFailures.describe(cutOff));
		List<I> items = batch.stream().map(Pending::item).toList();
		while (true) {
			try {
				Map<I, Object> stored = this.verify.apply(items);
				for (Pending<I, O> pending : batch) {
					if (stored.containsKey(pending.item())) {
						complete(List.of(pending), stored);
					}
					else {
						pending.result().completeExceptionally(cutOff);
					}
				}
				log.info("{}: of a batch of {} whose commit was cut off, {} were stored", name(), batch.size(),
						stored.size());
				return;
			}
			catch (RuntimeException ex) {
				if (!running()) {
					log.error("{}: stopping while the outcome of {} items is unknown", name(), batch.size());
					batch.forEach((pending) -> pending.result().completeExceptionally(cutOff));
					return;
				}
				try {
					Thread.sleep(250);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					batch.forEach((pending) -> pending.result().completeExceptionally(cutOff));
					return;
				}
			}
		}
	}

	private static boolean unreachable(CompletableFuture<?> failed) {
		return DatabaseFailures.unreachable(failure(failed));
	}

	private static RuntimeException failure(CompletableFuture<?> failed) {
		try {
			failed.join();
			return new IllegalStateException("not failed");
		}
		catch (java.util.concurrent.CompletionException ex) {
			return (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
	}

	@SuppressWarnings("unchecked")
	private static <I, O> void complete(List<Pending<I, O>> batch, Map<I, Object> outcomes) {
		for (Pending<I, O> pending : batch) {
			Object outcome = outcomes.get(pending.item());
			if (outcome instanceof RuntimeException ex) {
				pending.result().completeExceptionally(ex);
			}
			else if (outcome == null) {
				pending.result().completeExceptionally(new IllegalStateException("no outcome for " + pending.item()));
			}
			else {
				pending.result().complete((O) outcome);
			}
		}
	}

	private record Pending<I, O>(I item, Ticket<O> result) {
	}

	/**
	 * A caller's future that can be cancelled only while no writer has taken its item.
	 */
	private static final class Ticket<O> extends CompletableFuture<O> {

		private static final int QUEUED = 0;

		private static final int TAKEN = 1;

		private static final int WITHDRAWN = 2;

		private final AtomicInteger state = new AtomicInteger(QUEUED);

		boolean take() {
			return this.state.compareAndSet(QUEUED, TAKEN);
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			return this.state.compareAndSet(QUEUED, WITHDRAWN) && super.cancel(mayInterruptIfRunning);
		}

	}

}
