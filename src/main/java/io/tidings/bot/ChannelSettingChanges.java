package io.tidings.bot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import io.tidings.common.Channel;
import io.tidings.common.DedicatedConnections;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drops this instance's cached channel settings when another instance on the database
 * changes them: {@link BotChannels} announces each change with PostgreSQL {@code NOTIFY}
 * once it is committed, and this listens on one dedicated connection, so that a change
 * made through one instance takes effect on all of them at once. While the connection is
 * lost, changes may be missed: when it is back, the whole cache is dropped.
 */
@Component
class ChannelSettingChanges implements SmartLifecycle {

	static final String TOPIC = "tidings_channel_setting";

	private static final Logger log = LoggerFactory.getLogger(ChannelSettingChanges.class);

	private static final int WAIT_MILLIS = 500;

	private static final int CHECK_MILLIS = 5000;

	private final DataSource dataSource;

	private final BotChannels channels;

	private volatile boolean running;

	private Thread thread;

	ChannelSettingChanges(DataSource dataSource, BotChannels channels) {
		this.dataSource = dataSource;
		this.channels = channels;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("channel-setting-changes").daemon().start(this::listen);
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
			try (Connection connection = open()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("listen " + TOPIC);
				}
				// changes made while this was not listening (before the first start, or
				// while the connection was lost) were not heard
				this.channels.forgetAll();
				if (lost) {
					log.info("Listening for channel setting changes again");
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
						log.warn("Lost the connection that hears channel setting changes; retrying: {}",
								ex.getMessage());
					}
					lost = true;
					pause();
				}
			}
		}
	}

	private void heard(String payload) {
		String[] parts = payload.split("\t", 3);
		if (parts.length != 3 || parts[0].equals(this.channels.instance())) {
			return;
		}
		try {
			this.channels.changedElsewhere(parts[1], Channel.fromWire(parts[2]));
		}
		catch (RuntimeException ex) {
			log.warn("Could not apply a channel setting change heard from another instance: {}", ex.getMessage());
		}
	}

	// not from the pool: LISTEN lives as long as its session
	private Connection open() throws SQLException {
		return DedicatedConnections.open(this.dataSource, "tidings-changes");
	}

	private static void pause() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
