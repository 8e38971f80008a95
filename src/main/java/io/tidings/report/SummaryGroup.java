package io.tidings.report;

/**
 * One group of a summary.
 *
 * @param key the campaign id or template name (null for notifications without one), the
 * day ({@code 2025-06-01}) or the hour ({@code 2025-06-01T10:00:00.000Z}), in UTC
 */
public record SummaryGroup(String key, SummaryCounts counts) {
}
