package io.tidings.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A single-node KRaft broker (broker and controller in one) as its own process, run from
 * the {@code kafka_2.13} artifact on the test class path, on loopback: it can be stopped
 * and started again on the same port and log directory.
 */
final class KafkaBrokerProcess implements AutoCloseable {

	private final Path dir;

	private final Path config;

	private final int port;

	private final Path log;

	private Process process;

	KafkaBrokerProcess(Path dir) throws IOException, InterruptedException {
		this.dir = dir;
		this.port = freePort();
		int controller = freePort();
		this.config = dir.resolve("server.properties");
		this.log = dir.resolve("broker.log");
		Files.writeString(this.config,
				String.join("\n", "process.roles=broker,controller", "node.id=1",
						"controller.quorum.voters=1@127.0.0.1:" + controller,
						"listeners=PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + controller,
						"advertised.listeners=PLAINTEXT://127.0.0.1:" + this.port,
						"controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
						"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
						"log.dirs=" + dir.resolve("logs"), "offsets.topic.replication.factor=1",
						"offsets.topic.num.partitions=4", "transaction.state.log.replication.factor=1",
						"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0",
						"auto.create.topics.enable=false", ""));
		run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
				this.config.toString()))
			.waitFor();
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	void start() throws IOException {
		this.process = run(List.of("kafka.Kafka", this.config.toString()));
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the broker exited; see " + this.log);
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	/**
	 * Stops the broker the way an operator does (SIGTERM, a controlled shutdown).
	 */
	void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private Process run(List<String> main) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new java.util.ArrayList<>(
				List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
		command.addAll(main);
		return new ProcessBuilder(command).directory(this.dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
