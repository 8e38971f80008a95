package io.tidings.channel.smpp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.tidings.common.SharedLimits;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of an account's transceiver binds: bound on first use, and bound again with
 * exponential backoff whenever it drops, until closed. It binds only while it holds one
 * of the bot's account's {@code binds} slots shared by every instance on the database, so
 * the account never has more binds than that across the cluster; without a slot it tries
 * again every {@link #SLOT_RETRY}, which is how a bind lost with its instance is taken
 * over. A bind whose slot is lost (its database connection died) unbinds.
 */
final class SmppBind implements SessionStateListener {

	private static final Logger log = LoggerFactory.getLogger(SmppBind.class);

	static final Duration SLOT_RETRY = Duration.ofSeconds(1);

	private final SmppSettings settings;

	private final SmppTimings timings;

	private final SharedLimits limits;

	private final String slotKey;

	private volatile SharedLimits.Slot slot;

	private final MessageReceiverListener receiver;

	private final ReentrantLock binding = new ReentrantLock();

	private final AtomicBoolean reconnecting = new AtomicBoolean();

	private final AtomicInteger failures = new AtomicInteger();

	private volatile SmppLink link;

	private volatile long retryAt = System.nanoTime();

	private volatile String lastFailure = "not bound yet";

	private volatile boolean closed;

	SmppBind(String botId, SmppSettings settings, SmppTimings timings, MessageReceiverListener receiver,
			SharedLimits limits) {
		this.settings = settings;
		this.timings = timings;
		this.receiver = receiver;
		this.limits = limits;
		this.slotKey = "smpp:" + botId + ":" + settings.systemId() + "@" + settings.host() + ":" + settings.port();
	}

	/**
	 * Whether this bind holds one of the account's slots (it may bind).
	 */
	boolean holdsSlot() {
		SharedLimits.Slot current = this.slot;
		return current != null && current.held();
	}

	boolean bound() {
		SmppLink current = this.link;
		return current != null && current.bound();
	}

	boolean ready() {
		SmppLink current = this.link;
		return current != null && current.bound() && !current.resting();
	}

	/**
	 * The bound link, binding now if the backoff allows.
	 * @throws IOException when not bound, saying why and when the next attempt is due
	 */
	SmppLink link() throws IOException {
		SmppLink current = this.link;
		if (current != null && current.bound()) {
			return current;
		}
		this.binding.lock();
		try {
			if (bound()) {
				return this.link;
			}
			if (this.closed) {
				throw new IOException("the SMPP account is closed");
			}
			long wait = this.retryAt - System.nanoTime();
			if (wait > 0) {
				throw new IOException("not bound (" + this.lastFailure + "); next bind attempt in "
						+ TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
			}
			if (!holdsSlot()) {
				this.slot = this.limits.tryHold(this.slotKey, this.settings.binds()).orElse(null);
				if (this.slot == null) {
					this.lastFailure = "all " + this.settings.binds() + " binds of the account are held elsewhere";
					this.retryAt = System.nanoTime() + SLOT_RETRY.toNanos();
					throw new IOException(this.lastFailure);
				}
			}
			try {
				this.link = SmppLink.open(this.settings, this.timings, this.receiver, this);
				watchSlot(this.link, this.slot);
				this.failures.set(0);
				log.info("SMPP bound to {}:{} as {}", this.settings.host(), this.settings.port(),
						this.settings.systemId());
				return this.link;
			}
			catch (IOException ex) {
				failed(String.valueOf(ex.getMessage()));
				throw ex;
			}
		}
		finally {
			this.binding.unlock();
		}
	}

	/**
	 * Binds in the background, and again whenever the bind drops, until closed.
	 */
	void keepBound() {
		if (this.closed || !this.reconnecting.compareAndSet(false, true)) {
			return;
		}
		Thread.ofVirtual().name("smpp-bind-" + this.settings.systemId()).start(() -> {
			try {
				while (!this.closed && !bound()) {
					try {
						link();
					}
					catch (IOException ex) {
						Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(this.retryAt - System.nanoTime())));
					}
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			finally {
				this.reconnecting.set(false);
			}
			if (!this.closed && !bound()) {
				keepBound(); // dropped again between the last check and the flag
			}
		});
	}

	// a slot lost while bound (its connection died) ends the bind: another instance may
	// hold the slot now
	private void watchSlot(SmppLink bound, SharedLimits.Slot held) {
		Thread.ofVirtual().name("smpp-slot-" + this.settings.systemId()).start(() -> {
			try {
				while (!this.closed && this.link == bound && bound.bound() && held.held()) {
					Thread.sleep(SLOT_RETRY.toMillis() / 2);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			if (!this.closed && this.link == bound && !held.held()) {
				log.warn("SMPP bind to {}:{} as {} lost its slot; unbinding", this.settings.host(),
						this.settings.port(), this.settings.systemId());
				bound.unbind();
			}
		});
	}

	@Override
	public void onStateChange(SessionState newState, SessionState oldState, Session source) {
		SmppLink current = this.link;
		if (newState == SessionState.CLOSED && !this.closed && current != null && current.owns(source)) {
			failed("the bind dropped");
			keepBound();
		}
	}

	private void failed(String reason) {
		this.lastFailure = reason;
		this.retryAt = System.nanoTime() + this.timings.backoff(this.failures.incrementAndGet()).toNanos();
		log.warn("SMPP bind to {}:{} as {}: {}; binding again after a backoff", this.settings.host(),
				this.settings.port(), this.settings.systemId(), reason);
	}

	/**
	 * Unbinds; nothing binds again afterwards.
	 */
	void close() {
		this.closed = true;
		this.binding.lock();
		try {
			SmppLink current = this.link;
			if (current != null) {
				current.unbind();
			}
			SharedLimits.Slot held = this.slot;
			if (held != null) {
				held.close();
			}
		}
		finally {
			this.binding.unlock();
		}
	}

}
