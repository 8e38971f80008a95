package io.tidings.campaign;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Campaign fan-out.
 *
 * @param batchSize recipients turned into notifications per transaction
 * @param pollInterval how often the runner looks for due campaigns when idle
 * @param paceAhead how far ahead of the send time a paced campaign is fanned out
 */
@ConfigurationProperties("tidings.campaign")
record CampaignProperties(@DefaultValue("10000") int batchSize, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("60s") Duration paceAhead) {
}
