package io.tidings.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tidings.notification.SendQueue;

import org.springframework.stereotype.Service;

/**
 * A campaign's notifications in the send queue: held while it is paused, spaced out again
 * at its rate when it resumes, dropped when it is cancelled.
 */
@Service
public class CampaignQueue {

	private final SendQueue queue;

	private final Wakeup wakeup;

	CampaignQueue(SendQueue queue, Wakeup wakeup) {
		this.queue = queue;
		this.wakeup = wakeup;
	}

	/**
	 * Holds the campaign's unsent notifications until {@link #release}; those already
	 * claimed finish.
	 */
	public int hold(long campaignId) {
		return this.queue.hold(campaignId);
	}

	/**
	 * Releases held notifications from {@code from} on, {@code spacing} apart.
	 * @return when the last released one becomes due
	 */
	public Instant release(long campaignId, Instant from, Duration spacing) {
		int released = this.queue.release(campaignId, from, spacing);
		this.wakeup.signalTable();
		return from.plus(spacing.multipliedBy(released));
	}

	/**
	 * The notifications of the campaign still waiting to be sent.
	 */
	public List<UUID> unsent(long campaignId) {
		return this.queue.unsent(campaignId);
	}

	/**
	 * Takes the campaign's unsent notifications out of the queue.
	 * @return the notifications that will not be sent
	 */
	public List<UUID> drop(long campaignId) {
		return this.queue.drop(campaignId);
	}

	/**
	 * Whether the campaign has notifications still to send.
	 */
	public boolean anyPending(long campaignId) {
		return this.queue.anyPending(campaignId);
	}

}
