package io.tidings.database;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tidings.TidingsApplication;
import io.tidings.support.PushAnswers;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL that is stopped while sends are in flight and started again: every send
 * answered 202 is stored, every other answer (503 with the error body) stored nothing,
 * health says DOWN meanwhile, and the service resumes without a restart.
 */
class DatabaseOutageIntegrationTests {

	private static final int SENDERS = 6;

	@TempDir
	Path serverDir;

	private final PushAnswers answers = new PushAnswers(919_100_000_000L);

	@Test
	void aDatabaseStoppedMidBatchLeavesNoAnswerOtherThan202Stored() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EmbeddedPostgres database = start(port);
		String url = "jdbc:postgresql://localhost:" + port + "/postgres?reWriteBatchedInserts=true";
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TidingsApplication.class).run(
				"--spring.profiles.active=test", "--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres", "--server.port=0", "--tidings.demo.enabled=false",
				"--logging.level.root=warn", "--logging.level.io.tidings=error")) {
			// a send whose commit the outage cut off answers once the database says
			// whether it was
			// stored: on a loaded machine that can take longer than the usual 30 s
			TidingsClient client = new TidingsClient(context.getEnvironment(), Duration.ofMinutes(3));
			TestBot bot = client.newBot(null);
			AtomicBoolean sending = new AtomicBoolean(true);
			List<Thread> senders = new ArrayList<>();
			for (int i = 0; i < SENDERS; i++) {
				senders.add(Thread.ofPlatform().start(() -> {
					while (sending.get()) {
						this.answers.push(bot);
					}
				}));
			}
			try {
				await().atMost(Duration.ofMinutes(1)).until(() -> this.answers.count(202) >= 50);
				database.close();
				long stoppedAt = System.nanoTime();
				// a request whose commit the stop cut off waits until the database says
				// whether it was stored (notification.CutOffCommits), and every sender
				// may
				// be among those: fresh senders show what a request that arrives during
				// the outage gets
				for (int i = 0; i < SENDERS; i++) {
					senders.add(Thread.ofPlatform().start(() -> {
						while (sending.get()) {
							this.answers.push(bot);
						}
					}));
				}
				await().atMost(Duration.ofMinutes(1)).until(() -> this.answers.countAfter(stoppedAt, 503) >= SENDERS);
				long healthStarted = System.nanoTime();
				Response health = client.get("/actuator/health");
				long healthMillis = (System.nanoTime() - healthStarted) / 1_000_000;
				assertThat(health.status()).isEqualTo(503);
				assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
				database = start(port);
				long restartedAt = System.nanoTime();
				await().atMost(Duration.ofMinutes(1))
					.until(() -> this.answers.countAfter(restartedAt, 202) >= 3 * SENDERS);
				await().atMost(Duration.ofMinutes(1)).until(() -> client.get("/actuator/health").status() == 200);
				report(stoppedAt, healthMillis);
			}
			finally {
				sending.set(false);
				for (Thread sender : senders) {
					sender.join();
				}
			}
			Set<String> stored = PushAnswers.stored(database);
			for (PushAnswers.Answer answer : this.answers.all()) {
				assertThat(answer.status()).as("answer for %s: %s", answer.number(), answer.body()).isIn(202, 503);
				if (answer.status() == 202) {
					assertThat(stored).as("a 202 is stored").contains(answer.number());
				}
				else {
					assertThat(stored).as("a 503 stored nothing: %s", answer.number()).doesNotContain(answer.number());
					assertThat(answer.body()).contains("\"success\":false").contains("\"traceId\"");
				}
			}
		}
		finally {
			database.close();
		}
	}

	private void report(long stoppedAt, long healthMillis) {
		long longest503 = this.answers.all()
			.stream()
			.filter((a) -> a.status() == 503)
			.mapToLong((a) -> (a.finished() - a.started()) / 1_000_000)
			.max()
			.orElse(0);
		long longestDuringOutage = this.answers.all()
			.stream()
			.filter((a) -> a.started() > stoppedAt && a.status() != 202)
			.mapToLong((a) -> (a.finished() - a.started()) / 1_000_000)
			.max()
			.orElse(0);
		System.out.printf(
				"outage: %d answers, %d x 202, %d x 503, longest 503 %d ms, longest non-202 sent while down %d ms, "
						+ "health DOWN in %d ms%n",
				this.answers.all().size(), this.answers.count(202), this.answers.count(503), longest503,
				longestDuringOutage, healthMillis);
	}

	private EmbeddedPostgres start(int port) throws Exception {
		return EmbeddedPostgres.builder()
			.setDataDirectory(this.serverDir)
			.setCleanDataDirectory(false)
			.setPort(port)
			.start();
	}

}
