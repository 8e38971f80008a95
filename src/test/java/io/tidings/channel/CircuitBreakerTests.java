package io.tidings.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTests {

	private final AtomicInteger calls = new AtomicInteger();

	private volatile SendResult answer = new SendResult.Retryable("503 from the vendor", null);

	private final Providers providers = new Providers(List.of(new Failing()), (receipts) -> {
	}, new ProviderProperties(20, 80, Duration.ofMinutes(1)));

	@Test
	void providerThatKeepsFailingIsNotCalledAndItsMessagesWaitWithoutSpendingAttempts() {
		for (int i = 0; i < 20; i++) {
			assertThat(send()).isInstanceOf(SendResult.Retryable.class);
		}
		assertThat(send()).isInstanceOfSatisfying(SendResult.Deferred.class,
				(deferred) -> assertThat(deferred.retryAfter()).isEqualTo(Duration.ofMinutes(1)));
		assertThat(this.calls).hasValue(20);
	}

	@Test
	void occasionalTransientErrorsDoNotOpenTheCircuit() {
		for (int i = 0; i < 100; i++) {
			this.answer = (i % 5 == 0) ? new SendResult.Retryable("blip", null) : new SendResult.Accepted("ok");
			send();
		}
		assertThat(this.calls).hasValue(100);
	}

	@Test
	void changedSettingsCloseTheOldProvider() {
		this.providers.send("bot", Channel.SMS, "failing", Map.of("v", 1), delivery());
		this.providers.send("bot", Channel.SMS, "failing", Map.of("v", 2), delivery());
		assertThat(Failing.closed).hasValueGreaterThanOrEqualTo(1);
	}

	private SendResult send() {
		return this.providers.send("bot", Channel.SMS, "failing", Map.of(), delivery());
	}

	private static Delivery delivery() {
		return new Delivery(UUID.randomUUID(), "bot", Channel.SMS, "919876543210", null, "t",
				new MessageContent("text", null, null, null, "Hi", null, null, null, null, null, null, null, null), 1);
	}

	private final class Failing implements ProviderFactory {

		static final AtomicInteger closed = new AtomicInteger();

		@Override
		public String name() {
			return "failing";
		}

		@Override
		public Set<Channel> channels() {
			return Set.of(Channel.SMS);
		}

		@Override
		public void validate(Map<String, Object> settings) {
		}

		@Override
		public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
			return new Provider() {
				@Override
				public SendResult send(Delivery delivery) {
					CircuitBreakerTests.this.calls.incrementAndGet();
					return CircuitBreakerTests.this.answer;
				}

				@Override
				public void close() {
					closed.incrementAndGet();
				}
			};
		}

	}

}
