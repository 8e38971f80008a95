package io.tidings.campaign;

import java.time.Instant;

import io.tidings.common.Channel;
import io.tidings.common.Origin;

/**
 * A campaign and its progress.
 *
 * @param total recipients with an address for the channel
 * @param queued recipients turned into notifications so far
 */
public record Campaign(long id, String botId, String name, Channel channel, Origin origin, Long templateId,
		String templateName, String body, Long bucketId, String sender, CampaignStatus status, Instant scheduledAt,
		Integer ratePerSecond, long total, long queued, boolean fanoutDone, String createdBy, Instant createdAt,
		Instant startedAt, Instant finishedAt) {
}
