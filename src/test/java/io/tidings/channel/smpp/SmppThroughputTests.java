package io.tidings.channel.smpp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tidings.channel.SendResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures {@code submit_sm} per second through one bind with a window of 100 against the
 * test SMSC on loopback; run with {@code -Dbench=true}. It prints the figure and asserts
 * only that every message was accepted.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SmppThroughputTests {

	private static final int MESSAGES = 20_000;

	@Test
	void twentyThousandMessagesThroughOneBindWithAWindowOf100() throws Exception {
		try (TestSmsc smsc = TestSmsc.start()) {
			SmppSender sender = new SmppSender("bench", SmppSettings.from(Map.of("host", "127.0.0.1", "port",
					smsc.port(), "systemId", "tidings", "password", "secret", "binds", 1, "window", 100)),
					(receipts) -> {
					}, SmppTimings.DEFAULT, Clock.systemUTC());
			try {
				send(sender, 2_000); // warm-up: bind, JIT
				long start = System.nanoTime();
				List<SendResult> results = send(sender, MESSAGES);
				long elapsed = System.nanoTime() - start;
				assertThat(results).allMatch(SendResult.Accepted.class::isInstance);
				System.out.printf("SMPP throughput: %d submit_sm in %d ms = %.0f submit_sm/s (1 bind, window 100)%n",
						MESSAGES, elapsed / 1_000_000, MESSAGES * 1e9 / elapsed);
			}
			finally {
				sender.close();
			}
		}
	}

	private static List<SendResult> send(SmppSender sender, int count) throws Exception {
		List<Future<SendResult>> futures = new ArrayList<>(count);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				String destination = "9198" + (10_000_000 + i);
				futures.add(threads.submit(() -> sender.send(SmppSenderTests.sms(destination, null, "Benchmark"))));
			}
		}
		List<SendResult> results = new ArrayList<>(count);
		for (Future<SendResult> future : futures) {
			results.add(future.get());
		}
		return results;
	}

}
