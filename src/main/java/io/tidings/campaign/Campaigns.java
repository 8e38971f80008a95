package io.tidings.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.Origin;
import io.tidings.dispatch.CampaignQueue;
import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.FanOut;
import io.tidings.notification.FanOutResult;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.QueueChange;
import io.tidings.notification.StatusUpdate;
import io.tidings.recipient.Bucket;
import io.tidings.recipient.Buckets;
import io.tidings.template.Template;
import io.tidings.template.TemplateStatus;
import io.tidings.template.Templates;
import io.tidings.bot.Bot;
import io.tidings.bot.Bots;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates campaigns and moves them through their life: pause, resume, cancel. The fan-out
 * itself runs in batches, here for the first batch of a Messages-surface send and in the
 * {@link CampaignRunner} for the rest.
 */
@Service
public class Campaigns {

	private final CampaignRepository repository;

	private final Buckets buckets;

	private final Templates templates;

	private final Bots bots;

	private final BulkAcceptor bulk;

	private final CampaignQueue queue;

	private final StatusTracker statuses;

	private final CampaignProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Campaigns(ApplicationEventPublisher events, CampaignRepository repository, Buckets buckets, Templates templates,
			Bots bots, BulkAcceptor bulk, CampaignQueue queue, StatusTracker statuses, CampaignProperties properties,
			Clock clock) {
		this.events = events;
		this.repository = repository;
		this.buckets = buckets;
		this.templates = templates;
		this.bots = bots;
		this.bulk = bulk;
		this.queue = queue;
		this.statuses = statuses;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Creates a campaign; it starts at once unless scheduled later.
	 * @param firstBatch recipients to queue before returning (0 leaves all to the runner)
	 */
	@Transactional
	public Started create(String botId, CampaignDraft draft, int firstBatch) {
		if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 200) {
			throw new CampaignException(CampaignException.Reason.INVALID, "name is required: 1 to 200 characters");
		}
		if (draft.ratePerSecond() != null && (draft.ratePerSecond() < 1 || draft.ratePerSecond() > 100_000)) {
			throw new CampaignException(CampaignException.Reason.INVALID, "ratePerSecond must be 1 to 100000");
		}
		Bucket bucket = this.buckets.find(botId, draft.bucketId())
			.orElseThrow(() -> new CampaignException(CampaignException.Reason.NOT_FOUND,
					"Bucket " + draft.bucketId() + " not found"));
		Channel channel = draft.textChannel();
		String templateName = null;
		if (draft.templateId() != null) {
			Template template = this.templates.get(botId, draft.templateId())
				.orElseThrow(() -> new CampaignException(CampaignException.Reason.NOT_FOUND,
						"Template " + draft.templateId() + " not found"));
			if (template.status() != TemplateStatus.APPROVED) {
				throw new CampaignException(CampaignException.Reason.UNPROCESSABLE,
						"Template " + template.name() + " is " + template.status() + ", not APPROVED");
			}
			channel = template.channel();
			templateName = template.name();
		}
		long total = this.buckets.reachable(bucket.id(), channel == Channel.EMAIL);
		if (total == 0) {
			throw new CampaignException(CampaignException.Reason.UNPROCESSABLE,
					"Bucket " + bucket.id() + " has no recipients for " + channel.wire());
		}
		Instant now = this.clock.instant();
		boolean later = draft.scheduledAt() != null && draft.scheduledAt().isAfter(now);
		CampaignStatus status = later ? CampaignStatus.SCHEDULED : CampaignStatus.RUNNING;
		long id = this.repository.insert(botId, draft, channel, templateName, status, total, now);
		List<UUID> firstIds = List.of();
		if (!later && firstBatch > 0) {
			CampaignRepository.Row row = this.repository.lock(id).orElseThrow();
			firstIds = fanOut(row, firstBatch).firstIds();
		}
		this.events.publishEvent(new CampaignRunner.Created(id));
		return new Started(find(botId, id).orElseThrow(), firstIds);
	}

	/**
	 * The Messages surface's campaign send (seed 003): a campaign of that name that is
	 * still going is reused when it has the same bucket and template (the send is a
	 * repeat, and queues nothing), else one is created.
	 * @throws CampaignException CONFLICT when it is going with another bucket or template
	 */
	@Transactional
	public Started createOrReuse(String botId, CampaignDraft draft, int firstBatch) {
		Optional<Campaign> existing = this.repository.findUnfinishedByName(botId, draft.name());
		if (existing.isEmpty()) {
			return create(botId, draft, firstBatch);
		}
		Campaign campaign = existing.get();
		if (campaign.bucketId() == null || campaign.bucketId() != draft.bucketId()
				|| !java.util.Objects.equals(campaign.templateId(), draft.templateId())) {
			throw new CampaignException(CampaignException.Reason.CONFLICT, "campaign " + draft.name()
					+ " is still running with another bucket or template; wait for it or use another reference");
		}
		return new Started(campaign, List.of());
	}

	/**
	 * Runs one fan-out batch of a locked campaign and records its progress.
	 */
	FanOutResult fanOut(CampaignRepository.Row row, int limit) {
		Campaign c = row.campaign();
		Instant now = this.clock.instant();
		Duration spacing = spacing(c);
		Instant firstRunAt = (row.nextPaceAt() != null && row.nextPaceAt().isAfter(now)) ? row.nextPaceAt() : now;
		Bot bot = this.bots.get(c.botId());
		CallbackFormat format = bot.webhookFormat();
		FanOutResult result = this.bulk
			.fanOut(new FanOut(c.botId(), c.id(), c.origin(), format, c.channel(), c.bucketId(), c.templateId(),
					c.templateName(), c.body(), c.sender(), row.cursor(), limit, firstRunAt, spacing));
		boolean done = result.scanned() < limit;
		Instant nextPace = spacing.isZero() ? null : firstRunAt.plus(spacing.multipliedBy(result.created()));
		this.repository.progress(c.id(), result.lastContactId(), result.created(), done, nextPace);
		return result;
	}

	/**
	 * The bot's unfinished campaign of that name for sends to listed numbers, created
	 * when there is none; its totals grow with each send.
	 */
	@Transactional
	public Campaign directCampaign(String botId, String name, Channel channel, Long templateId, String templateName,
			String text, String sender) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new CampaignException(CampaignException.Reason.INVALID, "reference is required for a campaign");
		}
		Optional<Campaign> existing = this.repository.findUnfinishedByName(botId, name);
		if (existing.isPresent()) {
			return existing.get();
		}
		long id = this.repository.insertDirect(botId, name, channel, templateId, templateName, text, sender, botId,
				this.clock.instant());
		return find(botId, id).orElseThrow();
	}

	/**
	 * Counts sends to listed numbers made under a campaign.
	 */
	public void addDirect(long campaignId, int count) {
		this.repository.addDirect(campaignId, count);
	}

	public Optional<Campaign> find(String botId, long id) {
		return this.repository.find(botId, id);
	}

	public List<Campaign> list(String botId, int limit, long offset) {
		return this.repository.list(botId, limit, offset);
	}

	public long count(String botId) {
		return this.repository.count(botId);
	}

	/**
	 * The bot's campaign of that name that is still going, if any (the Messages surface
	 * reuses it for the same {@code reference}).
	 */
	public Optional<Campaign> unfinishedNamed(String botId, String name) {
		return this.repository.findUnfinishedByName(botId, name);
	}

	@Transactional
	public Campaign pause(String botId, long id) {
		Campaign c = locked(botId, id);
		if (c.status() != CampaignStatus.RUNNING && c.status() != CampaignStatus.SCHEDULED) {
			throw conflict(c, "paused");
		}
		this.repository.status(id, CampaignStatus.PAUSED, this.clock.instant());
		this.queue.hold(id);
		return find(botId, id).orElseThrow();
	}

	@Transactional
	public Campaign resume(String botId, long id) {
		Campaign c = locked(botId, id);
		if (c.status() != CampaignStatus.PAUSED) {
			throw conflict(c, "resumed");
		}
		Instant now = this.clock.instant();
		boolean later = c.scheduledAt() != null && c.scheduledAt().isAfter(now);
		this.repository.status(id, later ? CampaignStatus.SCHEDULED : CampaignStatus.RUNNING, now);
		Instant lastDue = this.queue.release(id, now, spacing(c));
		this.repository.paceFrom(id, spacing(c).isZero() ? null : lastDue);
		return find(botId, id).orElseThrow();
	}

	/**
	 * Stops the campaign for good: nothing more is queued, unsent messages fail.
	 */
	@Transactional
	public Campaign cancel(String botId, long id) {
		Campaign c = locked(botId, id);
		if (c.status() == CampaignStatus.COMPLETED || c.status() == CampaignStatus.CANCELLED) {
			throw conflict(c, "cancelled");
		}
		Instant now = this.clock.instant();
		this.repository.status(id, CampaignStatus.CANCELLED, now);
		// each unsent notification fails and leaves the send queue in one row update
		List<UUID> unsent = this.queue.unsent(id);
		for (int from = 0; from < unsent.size(); from += 5000) {
			List<StatusUpdate> failed = new ArrayList<>();
			List<QueueChange> dequeued = new ArrayList<>();
			for (UUID notification : unsent.subList(from, Math.min(unsent.size(), from + 5000))) {
				failed.add(StatusUpdate.failed(notification, now, FailureKind.ERROR, 1420, "Campaign cancelled"));
				dequeued.add(QueueChange.done(notification));
			}
			this.statuses.apply(failed, dequeued);
		}
		return find(botId, id).orElseThrow();
	}

	private Campaign locked(String botId, long id) {
		Campaign c = this.repository.lock(id)
			.map(CampaignRepository.Row::campaign)
			.filter((campaign) -> campaign.botId().equals(botId))
			.orElseThrow(
					() -> new CampaignException(CampaignException.Reason.NOT_FOUND, "Campaign " + id + " not found"));
		return c;
	}

	private static CampaignException conflict(Campaign c, String verb) {
		return new CampaignException(CampaignException.Reason.CONFLICT,
				"Campaign " + c.id() + " is " + c.status() + " and cannot be " + verb);
	}

	private static Duration spacing(Campaign c) {
		return (c.ratePerSecond() != null) ? Duration.ofNanos(1_000_000_000L / c.ratePerSecond()) : Duration.ZERO;
	}

	/**
	 * A campaign just created, with the ids of the notifications queued before returning.
	 */
	public record Started(Campaign campaign, List<UUID> firstIds) {
	}

}
