package io.tidings.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.channel.FollowUp;
import io.tidings.channel.SendResult;
import io.tidings.common.FailureKind;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.StatusUpdate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Turns a batch's send results and due follow-ups into status updates and job changes, in
 * the caller's transaction.
 */
@Component
class Outcomes {

	private static final TypeReference<List<PendingFollowUp>> FOLLOW_UPS = new TypeReference<>() {
	};

	private final DispatchQueue queue;

	private final StatusTracker statuses;

	private final RetryPolicy retryPolicy;

	private final JsonMapper json;

	private final Counter failed;

	Outcomes(DispatchQueue queue, StatusTracker statuses, RetryPolicy retryPolicy, JsonMapper json,
			MeterRegistry meters) {
		this.queue = queue;
		this.statuses = statuses;
		this.retryPolicy = retryPolicy;
		this.json = json;
		this.failed = Counter.builder("tidings.notifications.failed")
			.description("Notifications that failed at dispatch")
			.register(meters);
	}

	/**
	 * Records the batch.
	 * @return when the earliest job parked for a follow-up becomes due, or null
	 */
	Instant record(List<Job> jobs, Map<UUID, SendResult> results, Instant now) {
		List<StatusUpdate> updates = new ArrayList<>();
		List<UUID> done = new ArrayList<>();
		List<DispatchQueue.Retry> retries = new ArrayList<>();
		List<DispatchQueue.Waiting> waiting = new ArrayList<>();
		List<DispatchQueue.Retry> deferrals = new ArrayList<>();
		for (Job job : jobs) {
			UUID id = job.notificationId();
			if (job.phase() == Job.FOLLOW_UP) {
				List<PendingFollowUp> pending = this.json.readValue(job.followUps(), FOLLOW_UPS);
				schedule(id, pending, now, updates, done, waiting);
				continue;
			}
			SendResult result = results.get(id);
			switch (result) {
				case null -> done.add(id);
				case SendResult.Accepted accepted -> {
					updates.add(StatusUpdate.of(id, io.tidings.common.Status.DELIVERED_CHANNEL, now)
						.withSent(accepted.providerRef(), now, accepted.segments()));
					schedule(id, pending(accepted.followUps(), now), now, updates, done, waiting);
				}
				case SendResult.Permanent permanent -> {
					updates
						.add(StatusUpdate.failed(id, now, permanent.kind(), permanent.errorCode(), permanent.reason())
							.withSent(null, now, null));
					done.add(id);
					this.failed.increment();
				}
				case SendResult.Deferred deferred ->
					deferrals.add(new DispatchQueue.Retry(id, now.plus(deferred.retryAfter()), deferred.reason()));
				case SendResult.Retryable retryable -> {
					RetryPolicy.Decision decision = this.retryPolicy.next(job.attempts(), createdAt(id), now,
							retryable.retryAfter());
					if (decision instanceof RetryPolicy.Decision.RetryAt retry) {
						retries.add(new DispatchQueue.Retry(id, retry.at(), retryable.reason()));
					}
					else {
						boolean expired = ((RetryPolicy.Decision.GiveUp) decision).expired();
						updates.add(StatusUpdate.failed(id, now, expired ? FailureKind.EXPIRED : FailureKind.ERROR,
								expired ? 1415 : 1420, expired ? "Message expired before it could be sent"
										: "Gave up after " + job.attempts() + " attempts: " + retryable.reason()));
						done.add(id);
						this.failed.increment();
					}
				}
			}
		}
		this.statuses.apply(updates);
		this.queue.delete(done);
		this.queue.retry(retries);
		this.queue.defer(deferrals);
		this.queue.awaitFollowUps(waiting);
		return waiting.stream().map(DispatchQueue.Waiting::at).min(Instant::compareTo).orElse(null);
	}

	/**
	 * Applies the follow-ups that are due and parks the job until the next one.
	 */
	private void schedule(UUID id, List<PendingFollowUp> pending, Instant now, List<StatusUpdate> updates,
			List<UUID> done, List<DispatchQueue.Waiting> waiting) {
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
			done.add(id);
			return;
		}
		later.sort(Comparator.comparing(PendingFollowUp::dueAt));
		waiting.add(new DispatchQueue.Waiting(id, later.get(0).dueAt(), this.json.writeValueAsString(later)));
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
