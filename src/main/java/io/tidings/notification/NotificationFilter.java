package io.tidings.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a bot's notifications a query is about; null fields do not filter.
 *
 * @param campaignId only this campaign's
 * @param templateName only this template's ({@code elementName})
 * @param from created at or after
 * @param to created before
 */
public record NotificationFilter(String campaignId, String templateName, Instant from, Instant to) {

	public static NotificationFilter all() {
		return new NotificationFilter(null, null, null, null);
	}

	/**
	 * The SQL condition on {@code notification} (after {@code bot_id = ?}) and its
	 * arguments.
	 */
	Where where(String botId, Instant from, Instant to) {
		StringBuilder sql = new StringBuilder("bot_id = ?");
		List<Object> args = new ArrayList<>(List.of(botId));
		if (this.campaignId != null) {
			sql.append(" and campaign_id = ?");
			args.add(this.campaignId);
		}
		if (this.templateName != null) {
			sql.append(" and template_name = ?");
			args.add(this.templateName);
		}
		if (from != null) {
			sql.append(" and created_at >= ?");
			args.add(java.sql.Timestamp.from(from));
		}
		if (to != null) {
			sql.append(" and created_at < ?");
			args.add(java.sql.Timestamp.from(to));
		}
		return new Where(sql.toString(), args);
	}

	record Where(String sql, List<Object> args) {
	}

}
