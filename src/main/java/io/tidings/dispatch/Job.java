package io.tidings.dispatch;

import java.util.UUID;

import io.tidings.common.Channel;

/**
 * A claimed dispatch job.
 *
 * @param phase 0 to send, 1 to apply announced statuses
 * @param attempts send attempts so far, this one included
 * @param followUps pending announced statuses as JSON, in phase 1
 */
record Job(UUID notificationId, String botId, Channel channel, int phase, int attempts, String followUps) {

	static final int SEND = 0;

	static final int FOLLOW_UP = 1;

}
