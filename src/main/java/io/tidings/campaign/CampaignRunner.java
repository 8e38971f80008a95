package io.tidings.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.tidings.common.PollingWorker;
import io.tidings.dispatch.CampaignQueue;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fans out due campaigns one batch per transaction: the batch's notifications and the
 * campaign's cursor commit together, so a crash neither loses nor repeats a recipient.
 * Paced campaigns are fanned out only a little ahead of their send times. Marks campaigns
 * completed when nothing is left to send.
 */
@Component
class CampaignRunner extends PollingWorker {

	private final CampaignRepository repository;

	private final Campaigns campaigns;

	private final CampaignQueue queue;

	private final CampaignProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	CampaignRunner(CampaignRepository repository, Campaigns campaigns, CampaignQueue queue,
			CampaignProperties properties, TransactionTemplate transactions, Clock clock) {
		super("campaign-runner", properties.pollInterval(), Duration.ofSeconds(30));
		this.repository = repository;
		this.campaigns = campaigns;
		this.queue = queue;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Runs one batch of the next due campaign.
	 * @return whether there was one
	 */
	boolean runOnce() {
		Boolean worked = this.transactions.execute((tx) -> {
			Instant now = this.clock.instant();
			Optional<CampaignRepository.Row> due = this.repository.lockNextDue(now,
					now.plus(this.properties.paceAhead()));
			if (due.isEmpty()) {
				return false;
			}
			CampaignRepository.Row row = due.get();
			if (row.campaign().status() == CampaignStatus.SCHEDULED) {
				this.repository.status(row.campaign().id(), CampaignStatus.RUNNING, now);
			}
			this.campaigns.fanOut(row, this.properties.batchSize());
			return true;
		});
		return Boolean.TRUE.equals(worked);
	}

	void completeFinished() {
		for (long id : this.repository.fannedOutAndRunning()) {
			if (!this.queue.anyPending(id)) {
				this.transactions.executeWithoutResult((tx) -> this.repository.lock(id)
					.filter((row) -> row.campaign().status() == CampaignStatus.RUNNING)
					.ifPresent((row) -> this.repository.status(id, CampaignStatus.COMPLETED, this.clock.instant())));
			}
		}
	}

	@Override
	protected boolean work() {
		boolean worked = runOnce();
		completeFinished();
		return worked;
	}

	@TransactionalEventListener
	void wake(Created created) {
		wake();
	}

	/**
	 * A campaign was created; the runner picks it up once the transaction commits.
	 */
	record Created(long id) {
	}

}
