package io.tidings.receipt;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The parts of users' concatenated SMS waiting for their siblings.
 *
 * @param keepIncomplete how long the parts of a message that never completes are kept
 * @param purgeInterval how often incomplete parts older than that are deleted
 * @param purgeBatch most parts deleted in one statement
 */
@ConfigurationProperties("tidings.inbound-parts")
record InboundPartsProperties(@DefaultValue("1d") Duration keepIncomplete, @DefaultValue("10m") Duration purgeInterval,
		@DefaultValue("1000") int purgeBatch) {
}
