package io.tidings.common;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SharedCallsTests {

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	@AfterEach
	void stop() throws InterruptedException {
		this.threads.shutdownNow();
		this.threads.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void aCallerAloneIsAnsweredByACallOfItsOwn() {
		List<List<Integer>> calls = new CopyOnWriteArrayList<>();
		SharedCalls<Integer, String> shared = new SharedCalls<>((questions) -> {
			calls.add(questions);
			return questions.stream().map((q) -> "answer " + q).toList();
		});

		assertThat(shared.ask(1)).isEqualTo("answer 1");
		assertThat(shared.ask(2)).isEqualTo("answer 2");
		assertThat(calls).containsExactly(List.of(1), List.of(2));
	}

	@Test
	void callersWhoAskWhileACallIsUnderWayAreAnsweredTogetherByTheNextCall() throws Exception {
		HeldFirstCall held = new HeldFirstCall((call) -> {
		});

		List<CompletableFuture<String>> answers = held.askTwoWhileTheFirstCallIsHeld();

		assertThat(answers.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("answer 1");
		assertThat(answers.get(1).get(30, TimeUnit.SECONDS)).isEqualTo("answer 2");
		assertThat(answers.get(2).get(30, TimeUnit.SECONDS)).isEqualTo("answer 3");
		assertThat(held.calls).hasSize(2);
		assertThat(held.calls.get(0)).containsExactly(1);
		assertThat(held.calls.get(1)).containsExactlyInAnyOrder(2, 3);
	}

	@Test
	void aFailedCallFailsEveryCallerItAnsweredAndNotTheNextOnes() throws Exception {
		HeldFirstCall held = new HeldFirstCall((call) -> {
			if (call == 2) {
				throw new IllegalStateException("database gone");
			}
		});

		List<CompletableFuture<String>> answers = held.askTwoWhileTheFirstCallIsHeld();

		assertThat(answers.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("answer 1");
		for (CompletableFuture<String> failed : answers.subList(1, 3)) {
			assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("database gone");
		}
		assertThat(held.shared.ask(4)).isEqualTo("answer 4");
	}

	@Test
	void aCallStartsNoSoonerThanTheSpacingAfterTheLastAndTakesTheQuestionsAskedMeanwhile() throws Exception {
		List<List<Integer>> calls = new CopyOnWriteArrayList<>();
		List<Long> waits = new CopyOnWriteArrayList<>();
		CountDownLatch paused = new CountDownLatch(1);
		CountDownLatch endPause = new CountDownLatch(1);
		SharedCalls<Integer, String> shared = new SharedCalls<>((questions) -> {
			calls.add(questions);
			return questions.stream().map((q) -> "answer " + q).toList();
		}, Duration.ofHours(1), (nanos) -> {
			waits.add(nanos);
			paused.countDown();
			hold(endPause);
		});

		// the first call: no call before it to keep apart from
		assertThat(shared.ask(1)).isEqualTo("answer 1");
		assertThat(waits).isEmpty();
		// the second waits out the spacing; a question asked meanwhile joins it
		CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> shared.ask(2), this.threads);
		assertThat(paused.await(30, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> shared.ask(3), this.threads);
		await().atMost(Duration.ofSeconds(30)).until(() -> shared.queued() == 2);
		endPause.countDown();

		assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo("answer 2");
		assertThat(third.get(30, TimeUnit.SECONDS)).isEqualTo("answer 3");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(1)).containsExactlyInAnyOrder(2, 3);
		assertThat(waits).singleElement()
			.satisfies((nanos) -> assertThat(nanos).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toNanos()));
	}

	/**
	 * Shared calls whose first call is held until two more questions are queued.
	 */
	private final class HeldFirstCall {

		final List<List<Integer>> calls = new CopyOnWriteArrayList<>();

		final CountDownLatch firstCallHeld = new CountDownLatch(1);

		final CountDownLatch releaseFirstCall = new CountDownLatch(1);

		final SharedCalls<Integer, String> shared;

		/**
		 * @param onCall told the number of each call as it starts (may throw)
		 */
		HeldFirstCall(IntConsumer onCall) {
			this.shared = new SharedCalls<>((questions) -> {
				this.calls.add(questions);
				if (this.calls.size() == 1) {
					this.firstCallHeld.countDown();
					hold(this.releaseFirstCall);
				}
				onCall.accept(this.calls.size());
				return questions.stream().map((q) -> "answer " + q).toList();
			});
		}

		List<CompletableFuture<String>> askTwoWhileTheFirstCallIsHeld() throws InterruptedException {
			CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.shared.ask(1),
					SharedCallsTests.this.threads);
			assertThat(this.firstCallHeld.await(30, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> this.shared.ask(2),
					SharedCallsTests.this.threads);
			CompletableFuture<String> third = CompletableFuture.supplyAsync(() -> this.shared.ask(3),
					SharedCallsTests.this.threads);
			await().atMost(Duration.ofSeconds(30)).until(() -> this.shared.queued() == 2);
			this.releaseFirstCall.countDown();
			return List.of(first, second, third);
		}

	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
