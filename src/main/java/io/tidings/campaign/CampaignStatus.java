package io.tidings.campaign;

/**
 * Where a campaign is in its life.
 */
public enum CampaignStatus {

	/** Waiting for its scheduled time. */
	SCHEDULED,
	/** Fanning out or sending. */
	RUNNING,
	/** Stopped by hand; resumes where it stopped. */
	PAUSED,
	/** Stopped for good; nothing more is sent. */
	CANCELLED,
	/** Every recipient is queued and nothing is left to send. */
	COMPLETED

}
