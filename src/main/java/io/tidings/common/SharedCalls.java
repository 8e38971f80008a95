package io.tidings.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Callers that ask at the same time are answered by one call: whoever finds no call under
 * way makes it, for its own question and every question queued meanwhile; those who
 * queued while a call was under way are answered by the next one. No thread of its own:
 * callers that come together share the cost of the call (one statement for several
 * questions). With a {@code spacing}, a call starts no sooner than that after the last
 * one started, and questions asked in between join it: a caller after a quiet spell is
 * answered at once, callers that keep asking are answered in fewer, larger calls.
 *
 * @param <Q> a question
 * @param <A> its answer
 */
public final class SharedCalls<Q, A> {

	private final Function<List<Q>, List<A>> call;

	private final Queue<Asked<Q, A>> queue = new ConcurrentLinkedQueue<>();

	private final ReentrantLock calling = new ReentrantLock();

	private final long spacingNanos;

	private final Pause pause;

	private long lastCall;

	/**
	 * @param call answers the questions, in their order (one answer each); what it throws
	 * is thrown to every caller of the call
	 */
	public SharedCalls(Function<List<Q>, List<A>> call) {
		this(call, Duration.ZERO);
	}

	/**
	 * @param spacing least time from the start of a call to the start of the next
	 */
	public SharedCalls(Function<List<Q>, List<A>> call, Duration spacing) {
		this(call, spacing, (nanos) -> Thread.sleep(Duration.ofNanos(nanos)));
	}

	SharedCalls(Function<List<Q>, List<A>> call, Duration spacing, Pause pause) {
		this.call = call;
		this.spacingNanos = spacing.toNanos();
		this.pause = pause;
		this.lastCall = System.nanoTime() - this.spacingNanos;
	}

	/**
	 * Answers the question, in a call of its own or shared with others.
	 */
	public A ask(Q question) {
		Asked<Q, A> asked = new Asked<>(question, new CompletableFuture<>());
		this.queue.add(asked);
		this.calling.lock();
		try {
			// answered meanwhile by the call that held the lock, or by this one, which
			// waits out the spacing holding the lock: questions asked meanwhile join it
			if (!asked.answer().isDone()) {
				long wait = this.lastCall + this.spacingNanos - System.nanoTime();
				if (wait > 0) {
					this.pause.nanos(wait);
				}
				this.lastCall = System.nanoTime();
				callForQueued();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			// interrupted in the spacing: its question leaves the queue unanswered
			this.queue.remove(asked);
			throw new IllegalStateException("interrupted", ex);
		}
		finally {
			this.calling.unlock();
		}
		try {
			return asked.answer().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Questions waiting for a call now (for tests).
	 */
	int queued() {
		return this.queue.size();
	}

	private void callForQueued() {
		List<Asked<Q, A>> batch = new ArrayList<>();
		for (Asked<Q, A> a; (a = this.queue.poll()) != null;) {
			batch.add(a);
		}
		try {
			List<A> answers = this.call.apply(batch.stream().map(Asked::question).toList());
			if (answers.size() != batch.size()) {
				throw new IllegalStateException(answers.size() + " answers to " + batch.size() + " questions");
			}
			for (int i = 0; i < batch.size(); i++) {
				batch.get(i).answer().complete(answers.get(i));
			}
		}
		catch (RuntimeException | Error ex) {
			batch.forEach((a) -> a.answer().completeExceptionally(ex));
		}
	}

	private record Asked<Q, A>(Q question, CompletableFuture<A> answer) {
	}

	/**
	 * How a call waits out the spacing.
	 */
	interface Pause {

		void nanos(long nanos) throws InterruptedException;

	}

}
