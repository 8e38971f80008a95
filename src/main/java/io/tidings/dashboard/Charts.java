package io.tidings.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.tidings.notification.DeliveryCounts;
import io.tidings.notification.NotificationStats;

/**
 * The JSON the console's charts and live numbers read: plain maps, so the page script
 * only copies values into Chart.js and the DOM.
 */
final class Charts {

	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm")
		.withZone(ZoneOffset.UTC);

	private Charts() {
	}

	/**
	 * The funnel, each stage counting everything that reached it or went further.
	 */
	static Map<String, Long> funnel(NotificationStats stats) {
		Map<String, Long> funnel = new LinkedHashMap<>();
		funnel.put("created", stats.total());
		funnel.put("deliveredChannel", stats.totalDelivered());
		funnel.put("deliveredUser", stats.deliveredUser());
		funnel.put("read", stats.read() + stats.replied());
		funnel.put("replied", stats.replied());
		funnel.put("failed", stats.failed());
		return funnel;
	}

	/**
	 * Hour-by-hour submitted / sent / successful / failed for {@code hours} hours from
	 * {@code start}, empty hours included.
	 */
	static Map<String, Object> hourly(SortedMap<Instant, DeliveryCounts> counts, Instant start, int hours) {
		DeliveryCounts none = new DeliveryCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
		List<String> labels = new ArrayList<>(hours);
		List<Long> submitted = new ArrayList<>(hours);
		List<Long> sent = new ArrayList<>(hours);
		List<Long> successful = new ArrayList<>(hours);
		List<Long> failed = new ArrayList<>(hours);
		DateTimeFormatter format = (hours > 24) ? DAY_HOUR : HOUR;
		for (int i = 0; i < hours; i++) {
			Instant hour = start.plusSeconds(i * 3600L);
			DeliveryCounts c = counts.getOrDefault(hour, none);
			labels.add(format.format(hour));
			submitted.add(c.submitted());
			sent.add(c.sent());
			successful.add(c.successful());
			failed.add(c.failed() + c.invalid() + c.absent());
		}
		Map<String, Object> chart = new LinkedHashMap<>();
		chart.put("labels", labels);
		chart.put("submitted", submitted);
		chart.put("sent", sent);
		chart.put("successful", successful);
		chart.put("failed", failed);
		return chart;
	}

	static String seconds(double value) {
		return String.format(java.util.Locale.ROOT, "%.2f s", value);
	}

}
