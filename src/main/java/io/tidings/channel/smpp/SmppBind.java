package io.tidings.channel.smpp;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.jsmpp.extra.SessionState;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of an account's transceiver binds: bound on first use, and bound again with
 * exponential backoff whenever it drops, until closed.
 */
final class SmppBind implements SessionStateListener {

	private static final Logger log = LoggerFactory.getLogger(SmppBind.class);

	private final SmppSettings settings;

	private final SmppTimings timings;

	private final MessageReceiverListener receiver;

	private final ReentrantLock binding = new ReentrantLock();

	private final AtomicBoolean reconnecting = new AtomicBoolean();

	private final AtomicInteger failures = new AtomicInteger();

	private volatile SmppLink link;

	private volatile long retryAt = System.nanoTime();

	private volatile String lastFailure = "not bound yet";

	private volatile boolean closed;

	SmppBind(SmppSettings settings, SmppTimings timings, MessageReceiverListener receiver) {
		this.settings = settings;
		this.timings = timings;
		this.receiver = receiver;
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
			try {
				this.link = SmppLink.open(this.settings, this.timings, this.receiver, this);
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
		}
		finally {
			this.binding.unlock();
		}
	}

}
