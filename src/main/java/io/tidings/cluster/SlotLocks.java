package io.tidings.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.tidings.common.DedicatedConnections;
import io.tidings.common.SharedLimits.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Numbered slots held as session advisory locks
 * ({@code pg_try_advisory_lock(hashtext(key),
 * slot)}) on one dedicated connection outside the pool, opened on first use. An instance
 * that dies takes its connection, and so its slots, with it: another instance's next try
 * gets them. A connection found dead by {@link #check()} loses every slot held on it.
 */
@Component
class SlotLocks implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SlotLocks.class);

	private final DataSource dataSource;

	private final List<HeldSlot> held = new ArrayList<>();

	private Connection connection;

	SlotLocks(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	synchronized Optional<Slot> tryHold(String key, int count) {
		try {
			Connection locks = connection();
			try (PreparedStatement statement = locks.prepareStatement("select pg_try_advisory_lock(hashtext(?), ?)")) {
				for (int number = 0; number < count; number++) {
					int slot = number;
					if (this.held.stream().anyMatch((h) -> h.key.equals(key) && h.number == slot)) {
						continue; // held here already: session locks would nest
					}
					statement.setString(1, key);
					statement.setInt(2, number);
					try (ResultSet rs = statement.executeQuery()) {
						rs.next();
						if (rs.getBoolean(1)) {
							HeldSlot slotHeld = new HeldSlot(key, number, locks);
							this.held.add(slotHeld);
							return Optional.of(slotHeld);
						}
					}
				}
			}
			return Optional.empty();
		}
		catch (SQLException ex) {
			lose("the connection holding slots failed: " + ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * Checks the connection holding the slots; when it is gone, every slot on it is lost.
	 */
	synchronized void check() {
		if (this.connection == null || this.held.isEmpty()) {
			return;
		}
		try (Statement statement = this.connection.createStatement()) {
			statement.setQueryTimeout(5);
			statement.execute("select 1");
		}
		catch (SQLException ex) {
			lose("the connection holding slots is gone: " + ex.getMessage());
		}
	}

	private void lose(String reason) {
		if (!this.held.isEmpty()) {
			log.warn("{}; {} slot(s) lost", reason, this.held.size());
		}
		this.held.forEach((slot) -> slot.open = false);
		this.held.clear();
		closeConnection();
	}

	private synchronized void release(HeldSlot slot) {
		if (!slot.open) {
			return;
		}
		slot.open = false;
		this.held.remove(slot);
		if (slot.connection != this.connection) {
			return;
		}
		try (PreparedStatement statement = this.connection
			.prepareStatement("select pg_advisory_unlock(hashtext(?), ?)")) {
			statement.setString(1, slot.key);
			statement.setInt(2, slot.number);
			statement.execute();
		}
		catch (SQLException ex) {
			lose("releasing a slot failed: " + ex.getMessage());
		}
	}

	private Connection connection() throws SQLException {
		if (this.connection == null || this.connection.isClosed()) {
			this.connection = open();
			this.connection.setAutoCommit(true);
		}
		return this.connection;
	}

	// not from the pool: the locks live as long as this one session
	private Connection open() throws SQLException {
		return DedicatedConnections.open(this.dataSource, "tidings-slots");
	}

	private void closeConnection() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				// gone already
			}
			this.connection = null;
		}
	}

	@Override
	public synchronized void destroy() {
		this.held.forEach((slot) -> slot.open = false);
		this.held.clear();
		closeConnection();
	}

	private final class HeldSlot implements Slot {

		private final String key;

		private final int number;

		private final Connection connection;

		private volatile boolean open = true;

		HeldSlot(String key, int number, Connection connection) {
			this.key = key;
			this.number = number;
			this.connection = connection;
		}

		@Override
		public int number() {
			return this.number;
		}

		@Override
		public boolean held() {
			return this.open;
		}

		@Override
		public void close() {
			release(this);
		}

	}

}
