package io.tidings.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import io.tidings.common.CacheChanges;
import io.tidings.common.DedicatedConnections;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link CacheChanges} through PostgreSQL: a change is announced with {@code pg_notify}
 * in the transaction that makes it (so it is heard when, and only if, it commits), and
 * each instance listens on one dedicated connection for every cache and hands what it
 * hears to that cache's listeners. While the connection is lost, changes may be missed:
 * when it is back, every cache is dropped whole.
 */
@Component
class ChangeAnnouncements implements CacheChanges, SmartLifecycle {

	static final String TOPIC = "tidings_cache_changes";

	private static final Logger log = LoggerFactory.getLogger(ChangeAnnouncements.class);

	private static final int WAIT_MILLIS = 500;

	private static final int CHECK_MILLIS = 5000;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final String instance = UUID.randomUUID().toString();

	private final Map<String, List<Registered>> caches = new ConcurrentHashMap<>();

	private volatile boolean running;

	private Thread thread;

	ChangeAnnouncements(DataSource dataSource, JdbcTemplate jdbc) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
	}

	@Override
	public void register(String cache, Listener listener, Runnable missed) {
		this.caches.computeIfAbsent(cache, (name) -> new CopyOnWriteArrayList<>())
			.add(new Registered(listener, missed));
	}

	@Override
	public void announce(String cache, String key) {
		hear(cache, key, false);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			// a reader on this instance may have cached the old value before the commit
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					hear(cache, key, false);
				}
			});
		}
		// in the current transaction: delivered to the listeners when it commits
		this.jdbc.queryForObject("select 1 from pg_notify(?, ?)", Integer.class, TOPIC,
				String.join("\t", this.instance, cache, key));
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("cache-changes").daemon().start(this::listen);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.thread != null) {
			try {
				this.thread.join(WAIT_MILLIS * 4L);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean lost = false;
		while (this.running) {
			try (Connection connection = DedicatedConnections.open(this.dataSource, "tidings-changes")) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("listen " + TOPIC);
				}
				// changes made while this was not listening (before the first start, or
				// while the connection was lost) were not heard
				missedAll();
				if (lost) {
					log.info("Listening for cache changes again");
					lost = false;
				}
				// a connection that died silently would hear nothing: it is checked
				connection.setNetworkTimeout(Runnable::run, CHECK_MILLIS);
				PGConnection notifications = connection.unwrap(PGConnection.class);
				long checked = System.nanoTime();
				while (this.running) {
					PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
					if (received != null) {
						for (PGNotification notification : received) {
							heard(notification.getParameter());
						}
					}
					if (System.nanoTime() - checked > CHECK_MILLIS * 1_000_000L) {
						try (Statement statement = connection.createStatement()) {
							statement.execute("select 1");
						}
						checked = System.nanoTime();
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					if (!lost) {
						log.warn("Lost the connection that hears cache changes; retrying: {}", ex.getMessage());
					}
					lost = true;
					pause();
				}
			}
		}
	}

	private void heard(String payload) {
		String[] parts = payload.split("\t", 3);
		if (parts.length != 3 || parts[0].equals(this.instance)) {
			return;
		}
		hear(parts[1], parts[2], true);
	}

	private void hear(String cache, String key, boolean elsewhere) {
		for (Registered registered : this.caches.getOrDefault(cache, List.of())) {
			try {
				registered.listener().changed(key, elsewhere);
			}
			catch (RuntimeException ex) {
				log.warn("Could not apply a change of {}: {}", cache, ex.getMessage());
			}
		}
	}

	private void missedAll() {
		this.caches.values().forEach((registered) -> registered.forEach((r) -> r.missed().run()));
	}

	private static void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Registered(CacheChanges.Listener listener, Runnable missed) {
	}

}
