package io.tidings.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tidings.TidingsApplication;
import io.tidings.support.PartitionProxy;
import io.tidings.support.PushAnswers;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A silent network partition between the service and PostgreSQL (a proxy that stops
 * forwarding without closing anything, so no socket ever fails by itself): sends keep
 * being answered, 503 while the database cannot be heard, health says DOWN, nothing
 * answered other than 202 is stored, and everything resumes when the partition heals.
 * (The pool's validation of idle connections already notices most of it; the driver's
 * {@code socketTimeout} and the request budget bound the waits of statements in flight
 * when the partition begins.)
 */
class DatabasePartitionIntegrationTests {

	private static final int SENDERS = 4;

	/**
	 * A generous bound: the contract's budget is 5 s; without timeouts an answer waits
	 * for the partition's end.
	 */
	private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(30);

	private final PushAnswers answers = new PushAnswers(919_200_000_000L);

	@Test
	void aSilentPartitionIsAnswered503InTimeStoresNothingNotAcceptedAndHeals() throws Exception {
		try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
				PartitionProxy proxy = new PartitionProxy(database.getPort())) {
			String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres?reWriteBatchedInserts=true";
			try (ConfigurableApplicationContext context = start(url)) {
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
				long cutAt;
				long healedAt;
				try {
					await().atMost(Duration.ofMinutes(1)).until(() -> this.answers.count(202) >= 40);
					proxy.cut();
					cutAt = System.nanoTime();
					// a request whose commit the cut caught waits until the database says
					// whether it was stored (notification.CutOffCommits), and every
					// sender
					// may be among those: fresh senders show what a request that arrives
					// during the partition gets (as in DatabaseOutageIntegrationTests)
					for (int i = 0; i < SENDERS; i++) {
						senders.add(Thread.ofPlatform().start(() -> {
							while (sending.get()) {
								this.answers.push(bot);
							}
						}));
					}
					await().atMost(Duration.ofMinutes(2))
						.until(() -> this.answers.countAfter(cutAt, 503) >= 2 * SENDERS);
					long healthStarted = System.nanoTime();
					Response health = client.get("/actuator/health");
					Duration healthTook = Duration.ofNanos(System.nanoTime() - healthStarted);
					assertThat(health.status()).isEqualTo(503);
					assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
					assertThat(healthTook).isLessThan(ANSWERED_WITHIN);
					proxy.heal();
					healedAt = System.nanoTime();
					await().atMost(Duration.ofMinutes(2))
						.until(() -> this.answers.countAfter(healedAt, 202) >= 3 * SENDERS);
					await().atMost(Duration.ofMinutes(1)).until(() -> client.get("/actuator/health").status() == 200);
				}
				finally {
					proxy.heal();
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
						assertThat(stored).as("a 503 stored nothing: %s", answer.number())
							.doesNotContain(answer.number());
						assertThat(answer.body()).contains("\"success\":false").contains("\"traceId\"");
					}
					// sent after the cut and before the heal: answered without waiting
					// for
					// the heal
					if (answer.started() > cutAt && answer.started() < healedAt && answer.status() == 503) {
						assertThat(Duration.ofNanos(answer.finished() - answer.started())).isLessThan(ANSWERED_WITHIN);
					}
				}
				System.out.printf("partition: %d answers, %d x 202, %d x 503; 503s took (ms) %s%n",
						this.answers.all().size(), this.answers.count(202), this.answers.count(503),
						this.answers.all()
							.stream()
							.filter((a) -> a.status() == 503)
							.map((a) -> (a.finished() - a.started()) / 1_000_000)
							.sorted()
							.toList());
			}
		}
	}

	/**
	 * The race behind an intermittent failure of the test above: the database is still
	 * working on the accept's {@code COMMIT} (here a deferred trigger makes it take 20 s;
	 * in the partition, the commit was held in the network) when the writer gives up on
	 * it and asks on a new connection what was stored: not yet, so 503; then the commit
	 * lands. The old session must be ended before the rows are looked up
	 * ({@code notification.CutOffCommits}), so that a 503 stays true.
	 */
	@Test
	void aCommitStillInProgressCannotLandAfterTheRequestWasAnswered503() throws Exception {
		String slow = "919300000001";
		try (EmbeddedPostgres database = EmbeddedPostgres.builder().start()) {
			String url = "jdbc:postgresql://127.0.0.1:" + database.getPort() + "/postgres?reWriteBatchedInserts=true";
			try (ConfigurableApplicationContext context = start(url)) {
				TidingsClient client = new TidingsClient(context.getEnvironment(), Duration.ofMinutes(3));
				TestBot bot = client.newBot(null);
				execute(database, """
						create function slow_commit() returns trigger language plpgsql as $$
						begin
						  if new.destination = '%s' then perform pg_sleep(20); end if;
						  return null;
						end $$""".formatted(slow));
				for (String partition : partitions(database)) {
					execute(database, "create constraint trigger slow_commit after insert on " + partition
							+ " deferrable initially deferred for each row execute function slow_commit()");
				}
				PushAnswers answers = new PushAnswers(Long.parseLong(slow) - 1);
				answers.push(bot);
				PushAnswers.Answer answer = answers.all().peek();
				// the commit has either landed or been rolled back once no session sleeps
				await().atMost(Duration.ofMinutes(1)).until(() -> sleepingSessions(database) == 0);
				if (answer.status() == 202) {
					assertThat(PushAnswers.stored(database)).contains(slow);
				}
				else {
					assertThat(answer.status()).as(answer.body()).isEqualTo(503);
					assertThat(PushAnswers.stored(database)).as("a 503 stored nothing").doesNotContain(slow);
				}
			}
		}
	}

	private static ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(TidingsApplication.class).run("--spring.profiles.active=test",
				"--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--server.port=0",
				"--tidings.demo.enabled=false", "--logging.level.root=warn", "--logging.level.io.tidings=error");
	}

	private static void execute(EmbeddedPostgres database, String sql) throws Exception {
		try (Connection connection = database.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> partitions(EmbeddedPostgres database) throws Exception {
		List<String> names = new ArrayList<>();
		try (Connection connection = database.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"select inhrelid::regclass::text from pg_inherits where inhparent = 'notification'::regclass")) {
			while (rs.next()) {
				names.add(rs.getString(1));
			}
		}
		return names;
	}

	private static int sleepingSessions(EmbeddedPostgres database) throws Exception {
		try (Connection connection = database.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from pg_stat_activity"
						+ " where wait_event = 'PgSleep' and pid <> pg_backend_pid()")) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
