package io.tidings.notification;

import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.tidings.common.GroupCommit;

/**
 * Group commit of accepted sends: a request waits on a future while a writer stores
 * everything queued so far in one transaction ({@link NotificationWriter}). When a commit
 * is cut off by a lost connection, the rows are looked up once the database answers, so a
 * request hears 202 only if its row exists and 503 only if it does not.
 */
@Component
class AcceptBatcher extends GroupCommit<NotificationDraft, AcceptResult> {

	AcceptBatcher(NotificationWriter writer, AcceptProperties properties, JdbcTemplate jdbc) {
		super("accept-writer", properties.writers(), properties.maxBatch(), properties.queueCapacity(), writer::write,
				(drafts) -> stored(jdbc, drafts),
				() -> new SendRejectedException(SendRejectedException.Reason.OVERLOADED, "accept"));
	}

	private static Map<NotificationDraft, Object> stored(JdbcTemplate jdbc, List<NotificationDraft> drafts) {
		Set<UUID> found = new HashSet<>(jdbc.query((connection) -> {
			PreparedStatement ps = connection.prepareStatement("select id from notification where id = any(?)");
			ps.setArray(1, connection.createArrayOf("uuid", drafts.stream().map(NotificationDraft::id).toArray()));
			return ps;
		}, (rs, row) -> rs.getObject(1, UUID.class)));
		Map<NotificationDraft, Object> outcomes = new HashMap<>();
		for (NotificationDraft draft : drafts) {
			if (found.contains(draft.id())) {
				outcomes.put(draft, new AcceptResult(draft.id(), false));
			}
		}
		return outcomes;
	}

}
