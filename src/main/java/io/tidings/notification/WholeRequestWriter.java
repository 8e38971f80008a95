package io.tidings.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.common.DatabaseFailures;
import io.tidings.notification.SendRejectedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores the notifications of one request with several recipients in one transaction
 * (joining the caller's, when it has one), so that an error answer never leaves some of
 * them stored: all are committed, or none. A commit cut off by a lost connection is
 * resolved by asking the database, once it answers, whether the rows exist.
 */
@Component
class WholeRequestWriter {

	private static final Logger log = LoggerFactory.getLogger(WholeRequestWriter.class);

	private static final Duration RETRY = Duration.ofMillis(250);

	private final NotificationWriter writer;

	private final CutOffCommits cutOff;

	WholeRequestWriter(NotificationWriter writer, CutOffCommits cutOff) {
		this.writer = writer;
		this.cutOff = cutOff;
	}

	List<AcceptResult> write(List<NotificationDraft> drafts) {
		boolean joined = TransactionSynchronizationManager.isActualTransactionActive();
		Map<NotificationDraft, Object> outcomes;
		try {
			outcomes = this.writer.write(drafts);
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.unreachable(ex)) {
				throw ex;
			}
			// in the caller's transaction, the caller's commit decides; alone, a commit
			// that was sent may have happened
			if (!joined && !DatabaseFailures.neverStarted(ex) && stored(drafts)) {
				return drafts.stream().map((draft) -> new AcceptResult(draft.id(), false)).toList();
			}
			throw new SendRejectedException(Reason.OVERLOADED, "database");
		}
		List<AcceptResult> results = new ArrayList<>(drafts.size());
		for (NotificationDraft draft : drafts) {
			Object outcome = outcomes.get(draft);
			if (outcome instanceof RuntimeException refused) {
				throw refused;
			}
			if (!(outcome instanceof AcceptResult result)) {
				throw new IllegalStateException("a notification of the request was left out of its write");
			}
			results.add(result);
		}
		return results;
	}

	/**
	 * Whether the request's rows were committed (all or none were: one transaction),
	 * asked again until the database answers.
	 */
	private boolean stored(List<NotificationDraft> drafts) {
		log.warn("The commit of a request of {} notifications was cut off; it waits until the database says whether "
				+ "they were stored", drafts.size());
		List<UUID> ids = drafts.stream().map(NotificationDraft::id).toList();
		while (true) {
			try {
				return !this.cutOff.stored(ids).isEmpty();
			}
			catch (RuntimeException ex) {
				if (!DatabaseFailures.unreachable(ex) && !(ex instanceof CutOffCommits.SessionNotEnded)) {
					throw ex;
				}
				try {
					Thread.sleep(RETRY);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw new SendRejectedException(Reason.OVERLOADED, "database");
				}
			}
		}
	}

}
