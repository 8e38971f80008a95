package io.tidings.channel.smpp;

import java.time.Clock;
import java.time.Instant;

import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.UserMessage;
import io.tidings.channel.UserMessagePart;
import io.tidings.common.Channel;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what an SMSC sends as {@code deliver_sm} on a bound session: delivery receipts
 * are queued as provider receipts, users' messages are handed over as inbound messages
 * (API.md §14).
 */
final class SmppReceiptListener implements MessageReceiverListener {

	private static final Logger log = LoggerFactory.getLogger(SmppReceiptListener.class);

	private final String botId;

	private final ReceiptBatcher batcher;

	private final Clock clock;

	private final ReceiptSink sink;

	SmppReceiptListener(String botId, ReceiptBatcher batcher, ReceiptSink sink, Clock clock) {
		this.sink = sink;
		this.botId = botId;
		this.batcher = batcher;
		this.clock = clock;
	}

	@Override
	public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
		if (!deliverSm.isSmscDeliveryReceipt()) {
			inbound(deliverSm);
			return;
		}
		try {
			DeliveryReceipt receipt = deliverSm.getShortMessageAsDeliveryReceipt();
			String stat = String.valueOf(receipt.getFinalStatus());
			SmppReceiptStatus.of(stat)
				.ifPresent((mapped) -> this.batcher
					.add(new ProviderReceipt(this.botId, receipt.getId(), mapped.status(), occurredAt(receipt),
							mapped.failureKind(), mapped.errorCode(), stat + " err:" + receipt.getError())));
		}
		catch (InvalidDeliveryReceiptException | RuntimeException ex) {
			log.warn("Ignoring an unreadable SMPP delivery receipt for bot {}: {}", this.botId, ex.getMessage());
		}
	}

	/**
	 * A mobile-originated message (a user's reply), stored before it is acknowledged: a
	 * failure answers a temporary error, so the SMSC delivers it again.
	 */
	private void inbound(DeliverSm deliverSm) throws ProcessRequestException {
		byte[] body = SmppEncoding.body(deliverSm.getShortMessage(), (deliverSm.getEsmClass() & 0x40) != 0);
		int coding = deliverSm.getDataCoding() & 0xFF;
		Instant now = this.clock.instant();
		Concatenation part = Concatenation.of(deliverSm);
		try {
			if (part == null) {
				this.sink.inbound(this.botId, Channel.SMS,
						new UserMessage(deliverSm.getSourceAddr(), SmppEncoding.decode(body, coding), null, null, now));
			}
			else {
				// the parts of one message share their reference between one sender and
				// one destination; their bytes are decoded once joined
				this.sink.inboundPart(this.botId, Channel.SMS,
						new UserMessagePart(deliverSm.getSourceAddr(),
								deliverSm.getDestAddress() + "/" + part.reference(), part.total(), part.seq(), body,
								coding, now, SmppEncoding::decode));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not store an inbound SMS for bot {}: {}", this.botId, ex.getMessage());
			throw new ProcessRequestException("inbound message not stored", SMPPConstant.STAT_ESME_RX_T_APPN);
		}
	}

	private Instant occurredAt(DeliveryReceipt receipt) {
		// "done date" has minute precision and the SMSC's unstated zone (jsmpp reads
		// it in ours): a fresh receipt's arrival time is the better timestamp
		Instant now = this.clock.instant();
		Instant done = (receipt.getDoneDate() != null) ? receipt.getDoneDate().toInstant() : null;
		return (done == null || done.plusSeconds(60).isAfter(now)) ? now : done;
	}

	@Override
	public void onAcceptAlertNotification(AlertNotification alertNotification) {
	}

	@Override
	public DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm, Session source) throws ProcessRequestException {
		throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
	}

}
