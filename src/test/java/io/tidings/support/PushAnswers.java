package io.tidings.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Pushes to numbers of their own and what each was answered, for the tests that cut the
 * database off under load and then check that every 202 was stored and nothing else was.
 */
public final class PushAnswers {

	private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final AtomicLong numbers;

	/**
	 * @param firstNumber the number before the first push's
	 */
	public PushAnswers(long firstNumber) {
		this.numbers = new AtomicLong(firstNumber);
	}

	/**
	 * One WhatsApp push to the next number; its answer is kept (status -1: no answer).
	 */
	public void push(TestBot bot) {
		String number = Long.toString(this.numbers.incrementAndGet());
		long started = System.nanoTime();
		Response response;
		try {
			response = bot.push("{\"userDetails\":{\"number\":\"" + number
					+ "\"},\"notification\":{\"type\":\"whatsapp\",\"templateId\":\"welcome\","
					+ "\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}");
		}
		catch (IllegalStateException ex) {
			this.answers.add(new Answer(number, -1, String.valueOf(ex), started, System.nanoTime()));
			return;
		}
		this.answers.add(new Answer(number, response.status(), response.body(), started, System.nanoTime()));
	}

	public Queue<Answer> all() {
		return this.answers;
	}

	public long count(int status) {
		return this.answers.stream().filter((a) -> a.status() == status).count();
	}

	public long countAfter(long nanos, int status) {
		return this.answers.stream().filter((a) -> a.started() > nanos && a.status() == status).count();
	}

	/**
	 * The numbers that have a notification in the database.
	 */
	public static Set<String> stored(EmbeddedPostgres database) throws Exception {
		Set<String> numbers = new HashSet<>();
		try (Connection connection = database.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select destination from notification")) {
			while (rs.next()) {
				numbers.add(rs.getString(1));
			}
		}
		return numbers;
	}

	/**
	 * A push and its answer ({@code System.nanoTime()} when sent and answered).
	 */
	public record Answer(String number, int status, String body, long started, long finished) {
	}

}
