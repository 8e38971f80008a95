package io.tidings.channel.smpp;

import java.time.Clock;
import java.time.Instant;

import io.tidings.channel.ProviderReceipt;
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
 * Reads the delivery receipts an SMSC sends as {@code deliver_sm} on a bound session and
 * queues them as provider receipts; every {@code deliver_sm} is acknowledged.
 */
final class SmppReceiptListener implements MessageReceiverListener {

	private static final Logger log = LoggerFactory.getLogger(SmppReceiptListener.class);

	private final String botId;

	private final ReceiptBatcher batcher;

	private final Clock clock;

	SmppReceiptListener(String botId, ReceiptBatcher batcher, Clock clock) {
		this.botId = botId;
		this.batcher = batcher;
		this.clock = clock;
	}

	@Override
	public void onAcceptDeliverSm(DeliverSm deliverSm) {
		if (!deliverSm.isSmscDeliveryReceipt()) {
			return; // a mobile-originated message: inbound SMS is not handled yet
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
