package io.tidings.common;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GroupCommitTests {

	@Test
	void itemsQueuedWhileAWriteRunsAreCommittedTogetherInTheNextOne() throws Exception {
		CountDownLatch firstStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<List<String>> batches = new CopyOnWriteArrayList<>();
		GroupCommit<String, String> commits = new GroupCommit<>("test", 1, 100, 100, (batch) -> {
			batches.add(batch);
			firstStarted.countDown();
			await(release);
			return echo(batch);
		}, IllegalStateException::new);
		commits.start();
		try {
			CompletableFuture<String> first = commits.submit("a");
			assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
			List<CompletableFuture<String>> waiting = List.of(commits.submit("b"), commits.submit("c"),
					commits.submit("d"));
			release.countDown();
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored a");
			for (CompletableFuture<String> future : waiting) {
				assertThat(future.get(5, TimeUnit.SECONDS)).startsWith("stored");
			}
			assertThat(batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
		}
		finally {
			commits.stop();
		}
	}

	@Test
	void aFailingBatchIsRetriedOneByOneSoOnlyTheBadItemFails() throws Exception {
		GroupCommit<String, String> commits = new GroupCommit<>("test", 1, 100, 100, (batch) -> {
			if (batch.contains("bad")) {
				throw new IllegalArgumentException("bad row");
			}
			return echo(batch);
		}, IllegalStateException::new);
		CompletableFuture<String> beforeStart = commits.submit("ignored before start");
		assertThat(beforeStart).isCompletedExceptionally();
		commits.start();
		try {
			CompletableFuture<String> ok = commits.submit("ok");
			CompletableFuture<String> bad = commits.submit("bad");
			assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo("stored ok");
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(IllegalArgumentException.class);
		}
		finally {
			commits.stop();
		}
	}

	@Test
	void aFullQueueRefusesAtOnceWithTheGivenFailure() {
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit<String, String> commits = new GroupCommit<>("test", 1, 1, 1, (batch) -> {
			await(release);
			return echo(batch);
		}, () -> new IllegalStateException("full"));
		commits.start();
		try {
			commits.submit("writing");
			CompletableFuture<String> refused = null;
			for (int i = 0; i < 10 && refused == null; i++) {
				CompletableFuture<String> next = commits.submit("x" + i);
				if (next.isCompletedExceptionally()) {
					refused = next;
				}
			}
			assertThat(refused).isNotNull();
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(refused::get).withMessageContaining("full");
		}
		finally {
			release.countDown();
			commits.stop();
		}
	}

	@Test
	void aCallerThatGivesUpBeforeAWriterTakesItsItemWithdrawsItSoItIsNeverStored() throws Exception {
		CountDownLatch firstStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		List<String> stored = new CopyOnWriteArrayList<>();
		GroupCommit<String, String> commits = new GroupCommit<>("test", 1, 100, 100, (batch) -> {
			firstStarted.countDown();
			await(release);
			stored.addAll(batch);
			return echo(batch);
		}, IllegalStateException::new);
		commits.start();
		try {
			CompletableFuture<String> first = commits.submit("first");
			assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<String> queued = commits.submit("queued");
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(
					() -> GroupCommit.await(queued, Duration.ofMillis(50), () -> new IllegalStateException("gave up")))
				.withMessage("gave up");
			release.countDown();
			assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored first");
			CompletableFuture<String> later = commits.submit("later");
			assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("stored later");
			assertThat(stored).containsExactly("first", "later");
		}
		finally {
			release.countDown();
			commits.stop();
		}
	}

	@Test
	void aCallerThatGivesUpAfterAWriterTookItsItemGetsTheBatchsRealOutcome() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit<String, String> commits = new GroupCommit<>("test", 1, 100, 100, (batch) -> {
			started.countDown();
			await(release);
			return echo(batch);
		}, IllegalStateException::new);
		commits.start();
		try {
			CompletableFuture<String> taken = commits.submit("taken");
			assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
			FutureTask<String> answer = new FutureTask<>(
					() -> GroupCommit.await(taken, Duration.ofMillis(20), () -> new IllegalStateException("gave up")));
			Thread caller = Thread.ofPlatform().start(answer);
			// past its patience (its wait is no longer timed), the caller still waits for
			// the batch instead of giving up
			Awaitility.await().until(() -> caller.getState() == Thread.State.WAITING || answer.isDone());
			assertThat(answer.isDone()).isFalse();
			release.countDown();
			assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("stored taken");
			assertThat(taken.isCancelled()).isFalse();
		}
		finally {
			release.countDown();
			commits.stop();
		}
	}

	@Test
	void aBatchThatCannotReachTheDatabaseFailsAsAWholeWithoutOneByOneRetries() throws Exception {
		List<List<String>> attempts = new CopyOnWriteArrayList<>();
		CountDownLatch firstStarted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		GroupCommit<String, String> commits = new GroupCommit<>("test", 1, 100, 100, (batch) -> {
			attempts.add(batch);
			firstStarted.countDown();
			await(release);
			throw new CannotGetJdbcConnectionException("pool timed out",
					new SQLTransientConnectionException("Connection is not available"));
		}, IllegalStateException::new);
		commits.start();
		try {
			commits.submit("warm-up");
			assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
			List<CompletableFuture<String>> batch = List.of(commits.submit("a"), commits.submit("b"),
					commits.submit("c"));
			release.countDown();
			for (CompletableFuture<String> future : batch) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS))
					.withCauseInstanceOf(CannotGetJdbcConnectionException.class);
			}
			assertThat(attempts).containsExactly(List.of("warm-up"), List.of("a", "b", "c"));
		}
		finally {
			release.countDown();
			commits.stop();
		}
	}

	private static Map<String, Object> echo(List<String> batch) {
		Map<String, Object> outcomes = new HashMap<>();
		batch.forEach((item) -> outcomes.put(item, "stored " + item));
		return outcomes;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
