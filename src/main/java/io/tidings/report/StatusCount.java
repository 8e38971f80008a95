package io.tidings.report;

import io.tidings.common.Status;

/**
 * How many of a summary's notifications are in one status now.
 */
public record StatusCount(Status status, long count) {
}
