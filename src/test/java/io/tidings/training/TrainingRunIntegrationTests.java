package io.tidings.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tidings.TidingsApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code training} profile drives the real service through its HTTP API on loopback:
 * every push accepted, delivered by the simulator and every status called back to the
 * run's own receiver, and nothing left on disk.
 */
class TrainingRunIntegrationTests {

	@Test
	void aTrainingRunSendsEveryPushGetsEveryCallbackAndLeavesNoDatabaseBehind() throws IOException {
		Set<Path> before = trainingDirectories();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TidingsApplication.class)
			.profiles("training")
			.run("--tidings.training.messages=40", "--tidings.training.concurrency=4", "--tidings.training.timeout=3m",
					"--tidings.database.durable=false", "--logging.level.root=warn");
		TrainingRun.Outcome outcome = context.getBean(TrainingRun.class).outcome();
		assertThat(outcome).isNotNull();
		assertThat(outcome.accepted()).isEqualTo(40);
		assertThat(outcome.delivered()).isEqualTo(40);
		// queued, sent and delivered, for 20 SMS and 20 WhatsApp messages
		assertThat(outcome.callbacks()).isGreaterThanOrEqualTo(120);
		// only loopback: the run's API and its receiver
		assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(SpringApplication.exit(context)).isZero();
		assertThat(trainingDirectories()).isEqualTo(before);
	}

	@Test
	void aRunThatHasNotFinishedExitsWithOne() {
		TrainingRun run = new TrainingRun(new TrainingProperties(10, 2, java.time.Duration.ofSeconds(1)),
				new MockEnvironment(), null);
		assertThat(run.getExitCode()).isEqualTo(1);
	}

	private static Set<Path> trainingDirectories() throws IOException {
		try (Stream<Path> paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
			return paths.filter((path) -> path.getFileName().toString().startsWith("tidings-training-"))
				.collect(Collectors.toSet());
		}
	}

}
