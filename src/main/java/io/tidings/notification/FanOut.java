package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;

/**
 * One batch of a bucket's contacts to turn into notifications.
 *
 * @param campaignId the campaign, set on each notification when the origin is CAMPAIGN
 * @param templateId the template rendered for each contact at send time, or null for
 * {@code text}
 * @param text the message text when no template is used
 * @param afterContactId resume after this contact id
 * @param limit contacts to take at most
 * @param firstRunAt when the first of these may be sent
 * @param spacing time between two sends (the campaign's rate), or zero
 */
public record FanOut(String botId, long campaignId, Origin origin, CallbackFormat callbackFormat, Channel channel,
		long bucketId, Long templateId, String templateName, String text, String sender, long afterContactId, int limit,
		Instant firstRunAt, Duration spacing) {
}
