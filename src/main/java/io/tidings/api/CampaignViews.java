package io.tidings.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tidings.campaign.Campaign;
import io.tidings.notification.DeliveryCounts;

/**
 * Campaign and §6 statistics JSON shared by the native and Messages surfaces.
 */
public final class CampaignViews {

	private CampaignViews() {
	}

	public static Map<String, Object> campaign(Campaign c) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", c.id());
		view.put("name", c.name());
		view.put("status", c.status().name());
		view.put("channel", c.channel().wire());
		view.put("origin", c.origin().name());
		view.put("templateId", c.templateId());
		view.put("templateName", c.templateName());
		view.put("bucketId", c.bucketId());
		view.put("sender", c.sender());
		view.put("scheduledAt", Times.iso(c.scheduledAt()));
		view.put("ratePerSecond", c.ratePerSecond());
		view.put("total", c.total());
		view.put("queued", c.queued());
		view.put("progress", (c.total() == 0) ? 0.0
				: BigDecimal.valueOf(c.queued() * 100.0 / c.total()).setScale(2, RoundingMode.HALF_UP).doubleValue());
		view.put("createdAt", Times.iso(c.createdAt()));
		view.put("startedAt", Times.iso(c.startedAt()));
		view.put("finishedAt", Times.iso(c.finishedAt()));
		return view;
	}

	/**
	 * The six counts of seed 003, snake_case as the seed writes them.
	 */
	public static Map<String, Object> counts(DeliveryCounts c) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("submitted_count", c.submitted());
		view.put("sent_count", c.sent());
		view.put("invalid_count", c.invalid());
		view.put("successful_count", c.successful());
		view.put("failed_count", c.failed());
		view.put("absent_count", c.absent());
		return view;
	}

	public static double seconds(double value) {
		return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).doubleValue();
	}

}
