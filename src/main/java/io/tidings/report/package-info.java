/**
 * Reports: summaries of a bot's notifications by campaign, template, status, day or hour
 * ({@link io.tidings.report.ReportSummaries}, read from the notification module's hourly
 * rollup counters, never by counting notifications), streamed CSV exports
 * ({@link io.tidings.report.NotificationExport}), and CSV reports emailed on each bot's
 * schedule or on request ({@link io.tidings.report.ReportRuns}), recorded in
 * {@code report_run} so that each scheduled period is sent once across restarts and
 * instances. Reads notifications only through the notification module and writes none.
 */
package io.tidings.report;
