package io.tidings.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tidings.support.Pushers;
import io.tidings.support.ServiceProcess;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as an operator runs it, in its own process on the embedded PostgreSQL,
 * stopped with SIGTERM while clients push, messages are sent and callbacks are posted:
 * the workers (dispatch, callback stream and sender, group commit) stop before the
 * database, and a callback still being posted when the HTTP client closes ends as not
 * answered (retried from its row), so the stop logs no warning, no error and no stack
 * trace, whatever the bot's webhook does.
 */
class GracefulShutdownIntegrationTests {

	private static final String ADMIN = "ta_graceful_stop_0123456789abcdefghijklmnop";

	// kept when the test fails, with the service's log
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	/**
	 * What the bot's webhook does while the service stops.
	 */
	enum Receiver {

		/** answers every callback at once */
		ANSWERING,
		/** answers 500: every callback is retried from a webhook delivery row */
		FAILING,
		/** never answers: callbacks are in flight when the stop comes */
		HUNG

	}

	@ParameterizedTest
	@EnumSource(Receiver.class)
	void sigtermUnderLoadStopsEveryWorkerBeforeTheDatabaseWithoutAWarning(Receiver kind) throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver();
				ServiceProcess service = new ServiceProcess(this.dir.resolve("data"), ADMIN,
						Map.of("TIDINGS_DATABASE_DURABLE", "false"))) {
			if (kind == Receiver.FAILING) {
				receiver.failNext(java.util.Collections.nCopies(100_000, 500).toArray(Integer[]::new));
			}
			else if (kind == Receiver.HUNG) {
				receiver.hold();
			}
			service.start(Duration.ofMinutes(4));
			String key = service.botOnSimulator("stop", receiver.url());
			Pushers clients = Pushers.start(service, "stop", key, 6);
			// stopped while messages are accepted, sent, moved through their statuses and
			// called back
			await().atMost(Duration.ofSeconds(120))
				.until(() -> clients.accepted().size() >= 200
						&& ((kind == Receiver.HUNG) ? receiver.holding() >= 10 : receiver.all().size() >= 100));
			int exit = service.terminate();
			assertThat(clients.stop()).isTrue();

			List<String> stop = service.loggedByTheStop();
			assertThat(stop).as("the graceful shutdown in " + service.log()).isNotEmpty();
			assertThat(stop).as("what the stop logged (exit code %d)", exit)
				.noneMatch((line) -> ServiceProcess.alarming(line) || line.contains("Dispatch batch failed")
						|| line.contains("Claiming webhook deliveries failed") || line.contains("rollback exception"));
			assertThat(exit).as("exit code").isIn(0, 143);
		}
	}

}
