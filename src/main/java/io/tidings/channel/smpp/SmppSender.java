package io.tidings.channel.smpp;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.SendResult;
import io.tidings.common.FailureKind;
import io.tidings.common.SharedLimits;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMPP 3.4 account: sends each SMS as one or more {@code submit_sm} over its
 * transceiver binds, round-robin, and reports the delivery receipts that come back.
 */
final class SmppSender implements Provider {

	private static final Logger log = LoggerFactory.getLogger(SmppSender.class);

	private static final ESMClass SINGLE = new ESMClass();

	private static final ESMClass CONCATENATED = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT,
			GSMSpecificFeature.UDHI);

	private static final Duration OTHERS_HOLD_THE_BINDS = Duration.ofMillis(300);

	private final SmppSettings settings;

	private final List<SmppBind> binds;

	private final ReceiptBatcher receipts;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicInteger reference = new AtomicInteger(ThreadLocalRandom.current().nextInt(256));

	private final AtomicBoolean started = new AtomicBoolean();

	private final Duration throttlePause;

	SmppSender(String botId, SmppSettings settings, ReceiptSink sink, SmppTimings timings, Clock clock) {
		this(botId, settings, sink, timings, clock, SharedLimits.inProcess());
	}

	/**
	 * @param limits where the account's bind slots are held (shared by the cluster)
	 */
	SmppSender(String botId, SmppSettings settings, ReceiptSink sink, SmppTimings timings, Clock clock,
			SharedLimits limits) {
		this.settings = settings;
		this.throttlePause = timings.throttlePause();
		this.receipts = new ReceiptBatcher(sink, timings.receiptInterval(), timings.receiptBatch());
		SmppReceiptListener listener = new SmppReceiptListener(botId, this.receipts, sink, clock);
		this.binds = IntStream.range(0, settings.binds())
			.mapToObj((i) -> new SmppBind(botId, settings, timings, listener, limits))
			.toList();
	}

	@Override
	public SendResult send(Delivery delivery) {
		try {
			return submit(delivery);
		}
		catch (RuntimeException ex) {
			log.warn("SMPP send failed unexpectedly", ex);
			return new SendResult.Retryable("SMPP send failed: " + ex.getMessage(), null);
		}
	}

	private SendResult submit(Delivery delivery) {
		String text = (delivery.content() != null) ? delivery.content().text() : null;
		if (text == null || text.isEmpty()) {
			return new SendResult.Permanent(FailureKind.INVALID, 100, "the SMS has no text");
		}
		SmppAddress source = this.settings.source(delivery.sender());
		if (source == null) {
			return new SendResult.Permanent(FailureKind.INVALID, 100,
					"sender " + delivery.sender() + " is not allowed");
		}
		SmppEncoding.Encoded encoded;
		try {
			encoded = SmppEncoding.encode(text, this.reference.getAndIncrement());
		}
		catch (IllegalArgumentException ex) {
			return new SendResult.Permanent(FailureKind.INVALID, 100, ex.getMessage());
		}
		open();
		SmppAddress destination = SmppAddress.international(delivery.destination());
		ESMClass esmClass = encoded.concatenated() ? CONCATENATED : SINGLE;
		DataCoding coding = DataCodings.newInstance(encoded.dataCoding());
		SmppLink link;
		try {
			link = pick().link();
		}
		catch (IOException ex) {
			if (this.binds.stream().noneMatch(SmppBind::holdsSlot)) {
				// other instances hold every bind of the account: one of them sends it
				return new SendResult.Deferred("SMPP: " + ex.getMessage(), OTHERS_HOLD_THE_BINDS);
			}
			return new SendResult.Retryable("SMPP: " + ex.getMessage(), null);
		}
		String firstId = null;
		// all parts on one link: some SMSCs only join parts that came on one bind
		for (byte[] part : encoded.parts()) {
			try {
				String id = link.submit(source, destination, esmClass, coding, part);
				firstId = (firstId != null) ? firstId : id;
			}
			catch (Exception ex) {
				return failure(link, ex);
			}
		}
		return new SendResult.Accepted(firstId, encoded.parts().size(), List.of());
	}

	// a bind that is up and not resting, else one that is up, else the next (it binds)
	private SmppBind pick() {
		int start = Math.floorMod(this.next.getAndIncrement(), this.binds.size());
		SmppBind up = null;
		for (int i = 0; i < this.binds.size(); i++) {
			SmppBind bind = this.binds.get((start + i) % this.binds.size());
			if (bind.ready()) {
				return bind;
			}
			up = (up == null && bind.bound()) ? bind : up;
		}
		return (up != null) ? up : this.binds.get(start);
	}

	private SendResult failure(SmppLink link, Exception ex) {
		return switch (ex) {
			case NegativeResponseException negative -> refused(link, negative.getCommandStatus());
			case ResponseTimeoutException timeout -> new SendResult.Retryable("no submit_sm_resp in time", null);
			case PDUException invalid ->
				new SendResult.Permanent(FailureKind.INVALID, 100, "not a valid submit_sm: " + invalid.getMessage());
			case InterruptedException interrupted -> {
				Thread.currentThread().interrupt();
				yield new SendResult.Retryable("interrupted while sending", null);
			}
			default -> new SendResult.Retryable("SMPP: " + ex.getMessage(), null);
		};
	}

	private SendResult refused(SmppLink link, int status) {
		String code = String.format("0x%08X", status);
		return switch (status) {
			case SMPPConstant.STAT_ESME_RTHROTTLED, SMPPConstant.STAT_ESME_RMSGQFUL -> {
				link.rest(this.throttlePause);
				yield new SendResult.Retryable("SMSC is throttling (" + code + ")", Duration.ofSeconds(1));
			}
			case SMPPConstant.STAT_ESME_RINVDSTADR -> new SendResult.Permanent(FailureKind.INVALID, 14272,
					"SMSC refused the destination address (" + code + ")");
			default -> new SendResult.Permanent(FailureKind.REJECTED, 1420, "SMSC refused: " + code);
		};
	}

	/**
	 * Binds every session in the background and keeps them bound (receipts and inbound
	 * messages arrive on them even when nothing is sent).
	 */
	@Override
	public void open() {
		if (this.started.compareAndSet(false, true)) {
			this.binds.forEach(SmppBind::keepBound);
		}
	}

	/**
	 * Unbinds every session and hands over the receipts still waiting.
	 */
	@Override
	public void close() {
		this.binds.forEach(SmppBind::close);
		this.receipts.close();
	}

}
