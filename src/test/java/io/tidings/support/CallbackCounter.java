package io.tidings.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint on loopback that answers 200 and counts the status callbacks it got,
 * per message and status: what was called back, and how often.
 */
public final class CallbackCounter implements AutoCloseable {

	private static final Pattern MSG_ID = Pattern.compile("\"msgId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final Map<String, AtomicInteger> calledBack = new ConcurrentHashMap<>();

	private final AtomicInteger callbacks = new AtomicInteger();

	public CallbackCounter() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
		this.server.createContext("/hook", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Matcher id = MSG_ID.matcher(body);
			Matcher status = STATUS.matcher(body);
			if (id.find() && status.find()) {
				this.calledBack.computeIfAbsent(id.group(1) + " " + status.group(1), (k) -> new AtomicInteger())
					.incrementAndGet();
				this.callbacks.incrementAndGet();
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	/**
	 * Callbacks received, duplicates included.
	 */
	public int callbacks() {
		return this.callbacks.get();
	}

	/**
	 * Whether the message's callback for each of these statuses arrived.
	 */
	public boolean calledBack(String msgId, Set<String> statuses) {
		return statuses.stream().allMatch((s) -> this.calledBack.containsKey(msgId + " " + s));
	}

	/**
	 * Of these statuses, how many the message was not called back for.
	 */
	public long missing(String msgId, Set<String> statuses) {
		return statuses.stream().filter((s) -> !this.calledBack.containsKey(msgId + " " + s)).count();
	}

	/**
	 * Callbacks received more than once for the same message and status.
	 */
	public long duplicates() {
		return this.calledBack.values().stream().mapToLong((n) -> n.get() - 1).sum();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
