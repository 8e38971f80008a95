package io.tidings.campaign;

import java.time.Instant;

import io.tidings.common.Channel;
import io.tidings.common.Origin;

/**
 * A campaign to create: a template (or, on the Messages surface, a plain text on a
 * channel) for a bucket.
 */
public record CampaignDraft(String name, Long templateId, String text, Channel textChannel, long bucketId,
		String sender, Instant scheduledAt, Integer ratePerSecond, Origin origin, String createdBy) {
}
