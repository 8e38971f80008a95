package io.tidings.support;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that push to a service process until stopped, each waiting for its answer,
 * through a stop or a kill of the process (a push that gets no answer is tried again with
 * the next number), keeping the ids of the pushes answered 202.
 */
public final class Pushers implements AutoCloseable {

	private final Set<String> accepted = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean pushing = new AtomicBoolean(true);

	private final AtomicInteger next = new AtomicInteger();

	private final ExecutorService clients;

	private Pushers(ServiceProcess service, String botId, String key, int count) {
		this.clients = Executors.newFixedThreadPool(count);
		for (int c = 0; c < count; c++) {
			this.clients.submit(() -> {
				while (this.pushing.get()) {
					try {
						String id = service.push(botId, key, this.next.incrementAndGet());
						if (id != null) {
							this.accepted.add(id);
						}
					}
					catch (IOException ex) {
						// stopping or gone: keep trying until the test stops pushing
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
		}
	}

	public static Pushers start(ServiceProcess service, String botId, String key, int count) {
		return new Pushers(service, botId, key, count);
	}

	/** The ids of the pushes answered 202 so far. */
	public Set<String> accepted() {
		return this.accepted;
	}

	/**
	 * Stops pushing and waits for the clients' last answers.
	 * @return whether every client ended within 30 s
	 */
	public boolean stop() throws InterruptedException {
		this.pushing.set(false);
		this.clients.shutdown();
		return this.clients.awaitTermination(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

}
