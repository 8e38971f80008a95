package io.tidings.dispatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tidings.support.CallbackCounter;
import io.tidings.support.Pushers;
import io.tidings.support.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as its own process, killed with SIGKILL while it sends, applies statuses
 * and calls back, then started again on the same data: every message answered 202 reaches
 * its final status and every status change is called back at least once.
 */
class KillNineIntegrationTests {

	private static final String ADMIN = "ta_kill_nine_0123456789abcdefghijklmnopqrstuv";

	private static final Set<String> ALL = Set.of("queued", "sent", "delivered", "read");

	// its embedded PostgreSQL's data: kept when the test fails, with the service's log
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	private ServiceProcess service;

	private CallbackCounter receiver;

	@AfterEach
	void stop() throws Exception {
		if (this.service != null) {
			this.service.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	@Test
	void killedMidSendMidStatusAndMidCallbackLosesNothing() throws Exception {
		this.receiver = new CallbackCounter();
		this.service = new ServiceProcess(this.dir.resolve("data"), ADMIN, Map.of());
		this.service.start(Duration.ofSeconds(120));
		String key = this.service.botOnSimulator("k9", this.receiver.url());

		// eight clients push until the process dies under them
		Pushers clients = Pushers.start(this.service, "k9", key, 8);
		// kill it while messages are being accepted, sent, moved through their statuses
		// and called back
		await().atMost(Duration.ofSeconds(120))
			.until(() -> clients.accepted().size() >= 200 && this.receiver.callbacks() >= 100);
		this.service.kill();
		clients.stop();
		List<String> answered = new ArrayList<>(clients.accepted());

		this.service.start(Duration.ofSeconds(120));
		await().atMost(Duration.ofSeconds(180))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> answered.stream().allMatch((id) -> this.receiver.calledBack(id, ALL)));
		for (String id : answered.subList(0, Math.min(50, answered.size()))) {
			assertThat(this.service.call("GET", "/v1/bots/k9/notifications/" + id, null))
				.contains("\"sentStatus\":\"READ\"");
		}
	}

}
