package io.tidings.notification;

import org.springframework.stereotype.Component;

import io.tidings.common.GroupCommit;

/**
 * Group commit of accepted sends: a request waits on a future while a writer stores
 * everything queued so far in one transaction ({@link NotificationWriter}).
 */
@Component
class AcceptBatcher extends GroupCommit<NotificationDraft, AcceptResult> {

	AcceptBatcher(NotificationWriter writer, AcceptProperties properties) {
		super("accept-writer", properties.writers(), properties.maxBatch(), properties.queueCapacity(), writer::write,
				() -> new SendRejectedException(SendRejectedException.Reason.OVERLOADED, "accept"));
	}

}
