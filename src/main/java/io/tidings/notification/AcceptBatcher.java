package io.tidings.notification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.tidings.common.GroupCommit;

/**
 * Group commit of accepted sends: a request waits on a future while a writer stores
 * everything queued so far in one transaction ({@link NotificationWriter}). When a commit
 * is cut off by a lost connection, the rows are looked up once the database answers and
 * the old session is gone ({@link CutOffCommits}), so a request hears 202 only if its row
 * exists and 503 only if it does not and never will.
 */
@Component
class AcceptBatcher extends GroupCommit<NotificationDraft, AcceptResult> {

	AcceptBatcher(NotificationWriter writer, AcceptProperties properties, CutOffCommits cutOff) {
		super("accept-writer", properties.writers(), properties.maxBatch(), properties.queueCapacity(), writer::write,
				(drafts) -> stored(cutOff, drafts),
				() -> new SendRejectedException(SendRejectedException.Reason.OVERLOADED, "accept"));
	}

	private static Map<NotificationDraft, Object> stored(CutOffCommits cutOff, List<NotificationDraft> drafts) {
		Set<UUID> found = cutOff.stored(drafts.stream().map(NotificationDraft::id).toList());
		Map<NotificationDraft, Object> outcomes = new HashMap<>();
		for (NotificationDraft draft : drafts) {
			if (found.contains(draft.id())) {
				outcomes.put(draft, new AcceptResult(draft.id(), false));
			}
		}
		return outcomes;
	}

}
