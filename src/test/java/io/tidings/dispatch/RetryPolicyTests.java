package io.tidings.dispatch;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), 5,
			Duration.ofHours(24));

	private final Instant created = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void backoffGrowsExponentiallyWithBoundedJitter() {
		for (int attempt = 1; attempt <= 4; attempt++) {
			long base = 1000L << (attempt - 1);
			Duration backoff = this.policy.backoff(attempt);
			assertThat(backoff.toMillis()).isBetween(base - base / 8, base + base / 8 + 1);
		}
	}

	@Test
	void backoffIsCappedAtTheMaximum() {
		assertThat(this.policy.backoff(30).toMillis())
			.isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis() * 9 / 8 + 1);
	}

	@Test
	void providerRetryAfterWins() {
		RetryPolicy.Decision decision = this.policy.next(1, this.created, this.created, Duration.ofSeconds(42));
		assertThat(decision).isEqualTo(new RetryPolicy.Decision.RetryAt(this.created.plusSeconds(42)));
	}

	@Test
	void givesUpAfterMaxAttempts() {
		assertThat(this.policy.next(5, this.created, this.created, null))
			.isEqualTo(new RetryPolicy.Decision.GiveUp(false));
	}

	@Test
	void expiresWhenTheNextTryWouldBePastTheTimeToLive() {
		Instant late = this.created.plus(Duration.ofHours(24)).minusMillis(100);
		assertThat(this.policy.next(1, this.created, late, null)).isEqualTo(new RetryPolicy.Decision.GiveUp(true));
	}

}
