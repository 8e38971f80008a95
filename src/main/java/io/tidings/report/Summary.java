package io.tidings.report;

import java.time.Instant;
import java.util.List;

/**
 * A bot's notifications created in {@code [from, to)}, counted from the hourly rollups.
 *
 * @param from the first hour covered (the asked start, rounded down to the hour)
 * @param to the end of the last hour covered (the asked end, rounded up to the hour)
 * @param total every notification of the range
 * @param groups by campaign or template: accepted descending; by day or hour: every day
 * or hour of the range in time order, empty ones included; by status: empty (see
 * {@code statuses})
 * @param statuses the current status of every notification of the range, in funnel order
 * with FAILED last, whatever the grouping
 */
public record Summary(String botId, SummaryGrouping groupBy, Instant from, Instant to, SummaryCounts total,
		List<SummaryGroup> groups, List<StatusCount> statuses) {
}
