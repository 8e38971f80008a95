package io.tidings.channel.smpp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;

/**
 * One bound jsmpp session and its window: at most {@code window} {@code submit_sm}
 * awaiting their response at a time.
 */
final class SmppLink {

	private static final RegisteredDelivery RECEIPT = new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);

	private final SMPPSession session;

	private final Semaphore window;

	private final Duration responseTimeout;

	private volatile long restUntil = System.nanoTime();

	private SmppLink(SMPPSession session, int window, Duration responseTimeout) {
		this.session = session;
		this.window = new Semaphore(window, true);
		this.responseTimeout = responseTimeout;
	}

	/**
	 * Connects and binds as a transceiver.
	 */
	static SmppLink open(SmppSettings settings, SmppTimings timings, MessageReceiverListener receiver,
			SessionStateListener states) throws IOException {
		SMPPSession session = new SMPPSession();
		session.setEnquireLinkTimer(settings.enquireLinkSeconds() * 1000);
		session.setTransactionTimer(timings.responseTimeout().toMillis());
		// jsmpp queues incoming PDUs, responses too: 100 cannot hold a big window
		session.setQueueCapacity(Math.max(100, settings.window() * 2 + timings.receiptBatch()));
		session.setMessageReceiverListener(receiver);
		session.addSessionStateListener(states);
		try {
			session.connectAndBind(settings.host(), settings.port(),
					new BindParameter(BindType.BIND_TRX, settings.systemId(), settings.password(),
							settings.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null,
							InterfaceVersion.IF_34),
					timings.responseTimeout().toMillis());
		}
		catch (IOException | RuntimeException ex) {
			session.close();
			throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
		}
		return new SmppLink(session, settings.window(), timings.responseTimeout());
	}

	boolean bound() {
		return this.session.getSessionState().isBound();
	}

	boolean resting() {
		return this.restUntil - System.nanoTime() > 0;
	}

	boolean owns(Session session) {
		return this.session == session;
	}

	/**
	 * Sends one {@code submit_sm} within the window and waits for its response.
	 * @return the SMSC's message id
	 */
	String submit(SmppAddress source, SmppAddress destination, ESMClass esmClass, DataCoding coding, byte[] message)
			throws PDUException, ResponseTimeoutException, InvalidResponseException, NegativeResponseException,
			IOException, InterruptedException {
		if (!this.window.tryAcquire(this.responseTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
			throw new IOException("the submit_sm window stayed full for " + this.responseTimeout.toSeconds() + " s");
		}
		try {
			long rest = this.restUntil - System.nanoTime();
			if (rest > 0) {
				// resting while holding a window slot is what slows the bind down
				TimeUnit.NANOSECONDS.sleep(rest);
			}
			return this.session
				.submitShortMessage("", source.ton(), source.npi(), source.address(), destination.ton(),
						destination.npi(), destination.address(), esmClass, (byte) 0, (byte) 0, null, null, RECEIPT,
						(byte) 0, coding, (byte) 0, message)
				.getMessageId();
		}
		finally {
			this.window.release();
		}
	}

	/**
	 * Holds every submit on this link for a while (the SMSC said it is throttled).
	 */
	void rest(Duration pause) {
		this.restUntil = System.nanoTime() + pause.toNanos();
	}

	void unbind() {
		this.session.unbindAndClose();
	}

}
