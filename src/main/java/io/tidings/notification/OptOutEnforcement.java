package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import io.tidings.suppression.Suppressions;

import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Bulk, campaign and fallback sends to a recipient on the bot's suppression list are
 * accepted and fail at once (kind INVALID, {@code recipient opted out}), in the
 * transaction that creates them, so no worker ever sends them (API.md §14). Single sends
 * are refused before that ({@link NotificationAcceptor}).
 */
@Component
class OptOutEnforcement {

	static final String ERROR = "recipient opted out";

	static final int ERROR_CODE = 14272;

	private final Suppressions suppressions;

	private final StatusTracker statuses;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	OptOutEnforcement(Suppressions suppressions, StatusTracker statuses, JdbcTemplate jdbc, Clock clock) {
		this.suppressions = suppressions;
		this.statuses = statuses;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Whether a send of this origin to a suppressed recipient is accepted and fails
	 * (true) or is refused (false).
	 */
	static boolean failsAtOnce(Origin origin) {
		return origin == Origin.BULK || origin == Origin.CAMPAIGN;
	}

	/**
	 * Fails the bulk notifications just accepted whose recipients opted out: one query
	 * per bot and channel of the batch. Runs after the other listeners of the CREATED
	 * change, so the CREATED callback is queued before the FAILED one.
	 */
	@EventListener
	@Order(Ordered.LOWEST_PRECEDENCE)
	void accepted(StatusesChanged changed) {
		Map<String, List<StatusChange>> created = new LinkedHashMap<>();
		for (StatusChange change : changed.changes()) {
			if (change.status() == Status.CREATED && failsAtOnce(change.origin())) {
				created.computeIfAbsent(change.botId() + "\n" + change.channel().wire(), (k) -> new ArrayList<>())
					.add(change);
			}
		}
		List<UUID> optedOut = new ArrayList<>();
		created.values().forEach((group) -> {
			StatusChange first = group.get(0);
			Set<String> suppressed = this.suppressions.containing(first.botId(), first.channel(),
					group.stream().map(StatusChange::destination).toList());
			group.stream()
				.filter((c) -> suppressed.contains(c.destination()))
				.forEach((c) -> optedOut.add(c.notificationId()));
		});
		fail(optedOut);
	}

	/**
	 * Fails the notifications of one bulk fan-out batch (created at {@code createdAt})
	 * whose recipients opted out, with one query for the batch.
	 */
	void failBatch(String botId, Channel channel, String campaignId, Instant createdAt) {
		List<UUID> ids = this.jdbc.queryForList(
				"""
						select n.id from notification n
						join suppression s on s.bot_id = n.bot_id and s.channel = n.channel and s.recipient = lower(n.destination)
						where n.bot_id = ? and n.created_at = ? and n.channel = ? and n.campaign_id is not distinct from ?
						  and n.status = 'CREATED'""",
				UUID.class, botId, Timestamp.from(createdAt), channel.wire(), campaignId);
		fail(ids);
	}

	/**
	 * Fails one notification whose recipient opted out (a fallback), when they did.
	 */
	boolean failIfSuppressed(UUID id, String botId, Channel channel, String destination) {
		if (!this.suppressions.contains(botId, channel, destination)) {
			return false;
		}
		fail(List.of(id));
		return true;
	}

	private void fail(List<UUID> ids) {
		if (ids.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		// failed and out of the send queue in one row update
		this.statuses.apply(
				ids.stream().map((id) -> StatusUpdate.failed(id, now, FailureKind.INVALID, ERROR_CODE, ERROR)).toList(),
				ids.stream().map(QueueChange::done).toList());
	}

}
