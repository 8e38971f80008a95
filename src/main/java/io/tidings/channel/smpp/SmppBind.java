package io.tidings.channel.smpp;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transceiver bind to the SMSC: bound on first use, bound again with exponential
 * backoff when it drops, and at most {@code window} {@code submit_sm} awaiting their
 * response at a time.
 */
final class SmppBind implements SessionStateListener {

	private static final Logger log = LoggerFactory.getLogger(SmppBind.class);

	private static final RegisteredDelivery RECEIPT = new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);

	private final SmppSettings settings;

	private final SmppTimings timings;

	private final MessageReceiverListener receiver;

	private final ReentrantLock binding = new ReentrantLock();

	private final AtomicBoolean reconnecting = new AtomicBoolean();

	private final AtomicInteger failures = new AtomicInteger();

	private volatile Link link;

	private volatile long retryAt = System.nanoTime();

	private volatile long pausedUntil = System.nanoTime();

	private volatile String lastFailure = "not bound yet";

	private volatile boolean closed;

	SmppBind(SmppSettings settings, SmppTimings timings, MessageReceiverListener receiver) {
		this.settings = settings;
		this.timings = timings;
		this.receiver = receiver;
	}

	boolean bound() {
		Link current = this.link;
		return current != null && current.session().getSessionState().isBound();
	}

	boolean ready() {
		return bound() && this.pausedUntil - System.nanoTime() <= 0;
	}

	/**
	 * Sends one {@code submit_sm} and waits for its response.
	 * @return the SMSC's message id
	 */
	String submit(SmppAddress source, SmppAddress destination, ESMClass esmClass, DataCoding coding, byte[] message)
			throws PDUException, ResponseTimeoutException, InvalidResponseException, NegativeResponseException,
			IOException, InterruptedException {
		Link current = link();
		if (!current.window().tryAcquire(this.timings.responseTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IOException("the window of " + this.settings.window() + " submit_sm stayed full");
		}
		try {
			long pause = this.pausedUntil - System.nanoTime();
			if (pause > 0) {
				TimeUnit.NANOSECONDS.sleep(pause);
			}
			return current.session()
				.submitShortMessage("", source.ton(), source.npi(), source.address(), destination.ton(),
						destination.npi(), destination.address(), esmClass, (byte) 0, (byte) 0, null, null, RECEIPT,
						(byte) 0, coding, (byte) 0, message)
				.getMessageId();
		}
		finally {
			current.window().release();
		}
	}

	/**
	 * Rests the bind after the SMSC said it is throttled: its window stays held a while.
	 */
	void pause() {
		this.pausedUntil = System.nanoTime() + this.timings.throttlePause().toNanos();
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
						Thread.sleep(Math.max(1, (this.retryAt - System.nanoTime()) / 1_000_000));
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
				keepBound(); // dropped again between the check and the flag
			}
		});
	}

	@Override
	public void onStateChange(SessionState newState, SessionState oldState, Session source) {
		Link current = this.link;
		if (newState == SessionState.CLOSED && !this.closed && current != null && current.session() == source) {
			this.lastFailure = "the bind dropped";
			this.retryAt = System.nanoTime() + this.timings.backoff(this.failures.incrementAndGet()).toNanos();
			log.warn("SMPP bind to {}:{} as {} dropped; binding again", this.settings.host(), this.settings.port(),
					this.settings.systemId());
			keepBound();
		}
	}

	private Link link() throws IOException {
		Link current = this.link;
		if (current != null && current.session().getSessionState().isBound()) {
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
				this.link = bind();
				this.failures.set(0);
				return this.link;
			}
			catch (IOException ex) {
				this.lastFailure = String.valueOf(ex.getMessage());
				this.retryAt = System.nanoTime() + this.timings.backoff(this.failures.incrementAndGet()).toNanos();
				log.warn("SMPP bind to {}:{} as {} failed: {}", this.settings.host(), this.settings.port(),
						this.settings.systemId(), this.lastFailure);
				throw ex;
			}
		}
		finally {
			this.binding.unlock();
		}
	}

	private Link bind() throws IOException {
		SMPPSession session = new SMPPSession();
		session.setEnquireLinkTimer(this.settings.enquireLinkSeconds() * 1000);
		session.setTransactionTimer(this.timings.responseTimeout().toMillis());
		// jsmpp queues every incoming PDU, responses included; 100 would not hold a large
		// window
		session.setQueueCapacity(Math.max(100, this.settings.window() * 2 + this.timings.receiptBatch()));
		session.setMessageReceiverListener(this.receiver);
		session.addSessionStateListener(this);
		try {
			session.connectAndBind(this.settings.host(), this.settings.port(),
					new BindParameter(BindType.BIND_TRX, this.settings.systemId(), this.settings.password(),
							this.settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null,
							InterfaceVersion.IF_34),
					this.timings.responseTimeout().toMillis());
		}
		catch (IOException | RuntimeException ex) {
			session.close();
			throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
		}
		log.info("SMPP bound to {}:{} as {}", this.settings.host(), this.settings.port(), this.settings.systemId());
		return new Link(session, new Semaphore(this.settings.window(), true));
	}

	/**
	 * Unbinds; nothing binds again afterwards.
	 */
	void close() {
		this.closed = true;
		this.binding.lock();
		try {
			Link current = this.link;
			if (current != null) {
				current.session().unbindAndClose();
			}
		}
		finally {
			this.binding.unlock();
		}
	}

	private record Link(SMPPSession session, Semaphore window) {
	}

}
