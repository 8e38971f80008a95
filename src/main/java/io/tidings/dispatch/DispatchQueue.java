package io.tidings.dispatch;

import java.time.Instant;
import java.util.List;

import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.NotificationsAccepted;
import io.tidings.notification.SendQueue;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The workers' view of the send queue ({@link SendQueue}, the notification table itself),
 * and the in-process wake-up when new work is committed.
 */
@Component
class DispatchQueue {

	private final SendQueue queue;

	private final Wakeup wakeup;

	DispatchQueue(SendQueue queue, Wakeup wakeup) {
		this.queue = queue;
		this.wakeup = wakeup;
	}

	@TransactionalEventListener
	void wake(NotificationsAccepted accepted) {
		// those born claimed wake a worker when handed over (Handoff): an idle worker
		// woken here for them found them taken and looked in the table for nothing
		if (accepted.queued()) {
			this.wakeup.signalTable();
		}
	}

	@TransactionalEventListener
	void wake(BulkAcceptor.BulkAccepted accepted) {
		this.wakeup.signalTable();
	}

	/**
	 * Claims up to {@code limit} due notifications until {@code leaseUntil}.
	 */
	List<SendQueue.Claimed> claim(int limit, Instant now, Instant leaseUntil, Instant floor) {
		return this.queue.claim(limit, now, leaseUntil, floor);
	}

	Instant nextDue(Instant from) {
		return this.queue.nextDue(from);
	}

	SendQueue.Depth depth() {
		return this.queue.depth();
	}

}
