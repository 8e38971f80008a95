package io.tidings.notification;

import io.tidings.common.Status;

/**
 * The rules of API.md §3 in one place: statuses only move forward, duplicates change
 * nothing, a late earlier-stage event only fills its timestamp, and FAILED replaces only
 * CREATED or DELIVERED_CHANNEL.
 */
public final class StatusFunnel {

	private StatusFunnel() {
	}

	/**
	 * What an incoming status does to a notification.
	 * @param current the notification's status now
	 * @param target the incoming status
	 * @param targetStageRecorded whether the notification already has a timestamp for the
	 * incoming status's stage
	 */
	public static Effect effect(Status current, Status target, boolean targetStageRecorded) {
		if (target == current) {
			return Effect.IGNORE;
		}
		if (current == Status.FAILED) {
			return Effect.RECORD_ONLY;
		}
		if (target == Status.FAILED) {
			return (current == Status.CREATED || current == Status.DELIVERED_CHANNEL) ? Effect.ADVANCE
					: Effect.RECORD_ONLY;
		}
		if (target.rank() > current.rank()) {
			return Effect.ADVANCE;
		}
		return targetStageRecorded ? Effect.IGNORE : Effect.FILL_TIMESTAMP;
	}

	/**
	 * The outcome of one incoming status.
	 */
	public enum Effect {

		/** The status changes: timestamp set, callback sent when asked for. */
		ADVANCE,
		/**
		 * An earlier stage arrived late: its timestamp is filled.
		 */
		FILL_TIMESTAMP,
		/**
		 * Kept in the event log only (a success after FAILED, a FAILED after delivery).
		 */
		RECORD_ONLY,
		/** A duplicate: nothing changes. */
		IGNORE;

		/**
		 * Whether only an event row can keep it: the notification row keeps the time of
		 * every stage it reached (and a failure's error, a reply's text), not a status
		 * that changed nothing.
		 */
		public boolean needsEventRow() {
			return this == RECORD_ONLY;
		}

	}

}
