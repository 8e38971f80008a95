package io.tidings.dispatch;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A campaign's jobs in the queue: held while it is paused, spaced out again at its rate
 * when it resumes, dropped when it is cancelled.
 */
@Service
public class CampaignQueue {

	private final JdbcTemplate jdbc;

	private final Wakeup wakeup;

	CampaignQueue(JdbcTemplate jdbc, Wakeup wakeup) {
		this.jdbc = jdbc;
		this.wakeup = wakeup;
	}

	/**
	 * Holds the campaign's unsent jobs until {@link #release}; jobs already claimed
	 * finish.
	 */
	public int hold(long campaignId) {
		return this.jdbc.update(
				"update dispatch_job set run_at = 'infinity' where campaign_id = ? and phase = 0 and run_at <> 'infinity'",
				campaignId);
	}

	/**
	 * Releases held jobs from {@code from} on, {@code spacing} apart.
	 * @return when the last released job becomes due
	 */
	public Instant release(long campaignId, Instant from, Duration spacing) {
		int released = this.jdbc.update("""
				update dispatch_job j set run_at = ?::timestamptz + (x.n - 1) * ?::interval
				from (select notification_id, row_number() over (order by notification_id) as n from dispatch_job
				      where campaign_id = ? and phase = 0 and run_at = 'infinity') x
				where j.notification_id = x.notification_id""", Timestamp.from(from),
				spacing.toNanos() / 1000 + " microseconds", campaignId);
		this.wakeup.signal();
		return from.plus(spacing.multipliedBy(released));
	}

	/**
	 * The notifications of the campaign still waiting to be sent.
	 */
	public List<UUID> unsent(long campaignId) {
		return this.jdbc.queryForList("select notification_id from dispatch_job where campaign_id = ? and phase = 0",
				UUID.class, campaignId);
	}

	/**
	 * Removes the campaign's unsent jobs.
	 * @return the notifications that will not be sent
	 */
	public List<UUID> drop(long campaignId) {
		return this.jdbc.queryForList(
				"delete from dispatch_job where campaign_id = ? and phase = 0 returning notification_id", UUID.class,
				campaignId);
	}

	/**
	 * Jobs of the campaign still to send.
	 */
	public long pending(long campaignId) {
		return this.jdbc.queryForObject("select count(*) from dispatch_job where campaign_id = ? and phase = 0",
				Long.class, campaignId);
	}

}
