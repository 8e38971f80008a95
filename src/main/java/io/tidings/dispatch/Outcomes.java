package io.tidings.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.channel.FollowUp;
import io.tidings.channel.SendResult;
import io.tidings.common.FailureKind;
import io.tidings.common.Status;
import io.tidings.notification.QueueChange;
import io.tidings.notification.SendQueue;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.StatusUpdate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Turns a batch's send results and due follow-ups into status updates and queue changes,
 * in the caller's transaction.
 */
@Component
class Outcomes {

	private static final TypeReference<List<PendingFollowUp>> FOLLOW_UPS = new TypeReference<>() {
	};

	private final StatusTracker statuses;

	private final RetryPolicy retryPolicy;

	private final JsonMapper json;

	private final Counter failed;

	Outcomes(StatusTracker statuses, RetryPolicy retryPolicy, JsonMapper json, MeterRegistry meters) {
		this.statuses = statuses;
		this.retryPolicy = retryPolicy;
		this.json = json;
		this.failed = Counter.builder("tidings.notifications.failed")
			.description("Notifications that failed at dispatch")
			.register(meters);
	}

	/**
	 * Records the batch: each claimed notification's statuses and its place in the queue
	 * go into one row update.
	 */
	void record(List<SendQueue.Claimed> claimed, Map<UUID, SendResult> results, Instant now) {
		List<StatusUpdate> updates = new ArrayList<>();
		List<QueueChange> queue = new ArrayList<>();
		Map<UUID, Instant> leases = new HashMap<>();
		for (SendQueue.Claimed c : claimed) {
			UUID id = c.notification().id();
			leases.put(id, c.leaseUntil());
			if (c.notification().status() != Status.CREATED) {
				List<PendingFollowUp> pending = (c.followUps() != null) ? this.json.readValue(c.followUps(), FOLLOW_UPS)
						: List.of();
				schedule(id, pending, now, updates, queue);
				continue;
			}
			SendResult result = results.get(id);
			switch (result) {
				case null -> queue.add(QueueChange.done(id));
				case SendResult.Accepted accepted -> {
					updates.add(StatusUpdate.of(id, Status.DELIVERED_CHANNEL, now)
						.withSent(accepted.providerRef(), now, accepted.segments()));
					schedule(id, pending(accepted.followUps(), now), now, updates, queue);
				}
				case SendResult.Permanent permanent -> {
					updates
						.add(StatusUpdate.failed(id, now, permanent.kind(), permanent.errorCode(), permanent.reason())
							.withSent(null, now, null));
					queue.add(QueueChange.done(id));
					this.failed.increment();
				}
				case SendResult.Deferred deferred -> queue
					.add(new QueueChange(id, now.plus(deferred.retryAfter()), null, deferred.reason(), true, null));
				case SendResult.Retryable retryable -> {
					RetryPolicy.Decision decision = this.retryPolicy.next(c.attempts(), createdAt(id), now,
							retryable.retryAfter());
					if (decision instanceof RetryPolicy.Decision.RetryAt retry) {
						queue.add(new QueueChange(id, retry.at(), null, retryable.reason(), false, null));
					}
					else {
						boolean expired = ((RetryPolicy.Decision.GiveUp) decision).expired();
						updates.add(StatusUpdate.failed(id, now, expired ? FailureKind.EXPIRED : FailureKind.ERROR,
								expired ? 1415 : 1420, expired ? "Message expired before it could be sent"
										: "Gave up after " + c.attempts() + " attempts: " + retryable.reason()));
						queue.add(QueueChange.done(id));
						this.failed.increment();
					}
				}
			}
		}
		this.statuses.apply(updates,
				queue.stream().map((q) -> q.claimedUntil(leases.get(q.notificationId()))).toList());
	}

	/**
	 * Applies the follow-ups that are due now (all of them when the provider announced
	 * them without delay, so a message's statuses cost one row update) and parks the
	 * notification until the next one.
	 */
	private void schedule(UUID id, List<PendingFollowUp> pending, Instant now, List<StatusUpdate> updates,
			List<QueueChange> queue) {
		List<PendingFollowUp> later = new ArrayList<>();
		for (PendingFollowUp f : pending) {
			if (f.dueAt().isAfter(now)) {
				later.add(f);
			}
			else {
				updates.add(new StatusUpdate(id, f.status(), f.dueAt(), f.failureKind(), f.errorCode(),
						f.errorMessage(), f.reply(), null, null, null));
			}
		}
		if (later.isEmpty()) {
			queue.add(QueueChange.done(id));
			return;
		}
		later.sort(Comparator.comparing(PendingFollowUp::dueAt));
		queue.add(new QueueChange(id, later.get(0).dueAt(), this.json.writeValueAsString(later), null, false, null));
	}

	private static List<PendingFollowUp> pending(List<FollowUp> followUps, Instant now) {
		return followUps.stream()
			.map((f) -> new PendingFollowUp(now.plus(f.after()), f.status(), f.failureKind(), f.errorCode(),
					f.errorMessage(), f.reply()))
			.toList();
	}

	private static Instant createdAt(UUID id) {
		// UUIDv7: the first 48 bits are the creation time in milliseconds
		return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
	}

}
