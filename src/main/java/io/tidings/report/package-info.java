/**
 * Reports: CSV exports of notifications (and, later, hourly statistics and scheduled
 * email reports). Reads through the notification module's queries.
 */
package io.tidings.report;
