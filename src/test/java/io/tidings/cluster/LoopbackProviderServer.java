package io.tidings.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The other end of {@link LoopbackProviderFactory}: records every hand-over (instance,
 * notification, attempt) and whether it was answered; hand-overs from one chosen instance
 * can be held unanswered until that instance is gone.
 */
final class LoopbackProviderServer implements AutoCloseable {

	private final HttpServer server;

	private final Queue<HandOver> received = new ConcurrentLinkedQueue<>();

	private final Map<String, Queue<HandOver>> answered = new ConcurrentHashMap<>();

	private final Set<String> heldIds = ConcurrentHashMap.newKeySet();

	private volatile String holdFrom;

	private final CountDownLatch release = new CountDownLatch(1);

	LoopbackProviderServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 500);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/send", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/send";
	}

	/**
	 * Holds every hand-over from this instance unanswered (until {@link #close()}).
	 */
	void hold(String node) {
		this.holdFrom = node;
	}

	List<HandOver> received() {
		return List.copyOf(this.received);
	}

	/**
	 * The hand-overs answered 200, by notification id.
	 */
	Map<String, Queue<HandOver>> answered() {
		return this.answered;
	}

	Set<String> held() {
		return Set.copyOf(this.heldIds);
	}

	private void handle(HttpExchange exchange) throws IOException {
		HandOver handOver = new HandOver(exchange.getRequestHeaders().getFirst("X-Node"),
				exchange.getRequestHeaders().getFirst("X-Notification"),
				Integer.parseInt(exchange.getRequestHeaders().getFirst("X-Attempt")));
		this.received.add(handOver);
		try {
			if (handOver.node().equals(this.holdFrom)) {
				this.heldIds.add(handOver.notification());
				this.release.await();
				exchange.close();
				return;
			}
			exchange.sendResponseHeaders(200, -1);
			this.answered.computeIfAbsent(handOver.notification(), (k) -> new ConcurrentLinkedQueue<>()).add(handOver);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
	}

	record HandOver(String node, String notification, int attempt) {
	}

}
