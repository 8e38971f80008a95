package io.tidings.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A client's webhook endpoint on loopback: records every request and answers with the
 * status codes it is told to, in order, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<Integer> plannedStatuses = new CopyOnWriteArrayList<>();

	private final AtomicInteger calls = new AtomicInteger();

	private volatile long delayMillis;

	private volatile CountDownLatch hold;

	private final AtomicInteger holding = new AtomicInteger();

	public WebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	/**
	 * Answers the next requests with these statuses, in order.
	 */
	public WebhookReceiver failNext(Integer... statuses) {
		this.plannedStatuses.addAll(List.of(statuses));
		return this;
	}

	/**
	 * Leaves every request unanswered (a hung endpoint) until {@link #release()}.
	 */
	public WebhookReceiver hold() {
		this.hold = new CountDownLatch(1);
		return this;
	}

	/**
	 * Answers the held requests and those after them.
	 */
	public WebhookReceiver release() {
		CountDownLatch held = this.hold;
		if (held != null) {
			held.countDown();
		}
		return this;
	}

	/**
	 * Requests being held unanswered now.
	 */
	public int holding() {
		return this.holding.get();
	}

	public WebhookReceiver delay(long millis) {
		this.delayMillis = millis;
		return this;
	}

	/**
	 * Requests answered with a 2xx.
	 */
	public List<Received> accepted() {
		return this.received.stream().filter((r) -> r.answeredWith() < 300).toList();
	}

	public List<Received> all() {
		return List.copyOf(this.received);
	}

	private void handle(HttpExchange exchange) throws IOException {
		int call = this.calls.getAndIncrement();
		byte[] body = exchange.getRequestBody().readAllBytes();
		CountDownLatch held = this.hold;
		if (held != null) {
			this.holding.incrementAndGet();
			try {
				held.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.holding.decrementAndGet();
			}
		}
		if (this.delayMillis > 0) {
			try {
				Thread.sleep(this.delayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		int status = (!this.plannedStatuses.isEmpty()) ? this.plannedStatuses.remove(0) : 200;
		this.received.add(new Received(call, new String(body, StandardCharsets.UTF_8),
				Map.copyOf(exchange.getRequestHeaders()), status));
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

	/**
	 * One request: its body, headers (lower-case names as the JDK server gives them) and
	 * the status it got.
	 */
	public record Received(int call, String body, Map<String, List<String>> headers, int answeredWith) {

		public String header(String name) {
			for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name)) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

	}

}
