package io.tidings.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tidings.TidingsApplication;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as an operator runs it, in its own process: killed with SIGKILL it starts
 * again on the PostgreSQL it left running (adopted, not stopped and restarted), and on
 * SIGTERM it stops its workers before the embedded database.
 */
class RestartIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void afterAKillTheNextStartAdoptsTheDatabaseAndSigtermStopsWorkersBeforeIt() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		TidingsClient client = new TidingsClient(new MockEnvironment().withProperty("local.server.port", "" + port));
		Path firstLog = this.dataDir.resolve("first.log");
		Process first = start(port, firstLog);
		String msgId;
		try {
			awaitReady(port);
			TestBot bot = client.newBot(null);
			msgId = bot.send("whatsapp", "919876543215", null);
			Files.writeString(this.dataDir.resolve("bot"), bot.id() + "\n" + bot.key());
		}
		finally {
			first.destroyForcibly().waitFor();
		}
		long postmaster = Long
			.parseLong(Files.readAllLines(this.dataDir.resolve("data/postgres/postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).hasValue(true);
		Path secondLog = this.dataDir.resolve("second.log");
		long started = System.nanoTime();
		Process second = start(port, secondLog);
		try {
			awaitReady(port);
			System.out.printf("restart after kill -9: ready in %d ms%n", (System.nanoTime() - started) / 1_000_000);
			List<String> bot = Files.readAllLines(this.dataDir.resolve("bot"));
			assertThat(new TestBot(bot.get(0), bot.get(1), null, client).notification(msgId).status()).isEqualTo(200);
			assertThat(Files.readString(secondLog)).contains("Adopting PostgreSQL (pid " + postmaster);
			TestBot again = new TestBot(bot.get(0), bot.get(1), null, client);
			again.send("whatsapp", "919876543212", null);
		}
		finally {
			second.destroy();
			assertThat(second.waitFor()).as(Files.readString(secondLog)).isIn(0, 143);
		}
		String log = Files.readString(secondLog);
		assertThat(log).doesNotContain("Dispatch batch failed", "Claiming webhook deliveries failed",
				"rollback exception", "a round failed", "Connection refused", "terminating connection");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false) == false);
	}

	private Process start(int port, Path log) throws IOException {
		return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), TidingsApplication.class.getName(), "--server.port=" + port,
				"--tidings.database.data-dir=" + this.dataDir.resolve("data"), "--tidings.database.durable=false",
				"--tidings.admin-key=" + TidingsClient.ADMIN_KEY, "--tidings.simulator.step-delay=20ms",
				"--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
	}

	private static void awaitReady(int port) {
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200);
	}

}
