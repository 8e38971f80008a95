package io.tidings.channel.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.tidings.channel.Delivery;
import io.tidings.channel.FollowUp;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.Status;

/**
 * The table of API.md §11: what the simulator does for a recipient.
 */
final class SimulatedOutcome {

	static final String ABSENT_MESSAGE = "Number Does Not Exists On WhatsApp";

	private SimulatedOutcome() {
	}

	static SendResult of(Delivery delivery, Duration step) {
		Channel channel = delivery.channel();
		String key = key(delivery);
		// "00" is a number that is not on WhatsApp but takes SMS: it shows the fallback
		boolean smsReachable = key.endsWith("00") && channel == Channel.SMS;
		if (!smsReachable && (key.equals("absent") || key.endsWith("0"))) {
			return new SendResult.Permanent(FailureKind.ABSENT, 14272, ABSENT_MESSAGE);
		}
		if (key.equals("bounce")) {
			return new SendResult.Permanent(FailureKind.REJECTED, 1420, "Rejected by the recipient's server");
		}
		if (key.endsWith("4") && delivery.attempt() <= 2) {
			return new SendResult.Retryable("Simulated transient provider error", null);
		}
		List<Status> after = new ArrayList<>();
		if (key.endsWith("1")) {
			// accepted by the channel, then nothing more
		}
		else if (key.endsWith("2") || smsReachable) {
			after.add(Status.DELIVERED_USER);
		}
		else if (key.endsWith("3")) {
			if (channel != Channel.EMAIL) {
				after.add(Status.DELIVERED_USER);
			}
			if (channel == Channel.WHATSAPP) {
				after.add(Status.READ);
			}
			after.add(Status.REPLY);
		}
		else if (channel == Channel.WHATSAPP) {
			after.add(Status.DELIVERED_USER);
			after.add(Status.READ);
		}
		else if (channel == Channel.SMS) {
			after.add(Status.DELIVERED_USER);
		}
		List<FollowUp> followUps = new ArrayList<>(after.size());
		for (int i = 0; i < after.size(); i++) {
			Status status = after.get(i);
			followUps.add(new FollowUp(step.multipliedBy(i + 1L), status, null, null, null,
					(status == Status.REPLY) ? "Hello" : null));
		}
		// a provider's id, unique, not a secret: no SecureRandom (a system call) per
		// message
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return new SendResult.Accepted("sim-" + new UUID(random.nextLong(), random.nextLong()), segments(delivery),
				followUps);
	}

	private static String key(Delivery delivery) {
		String destination = delivery.destination();
		int at = destination.lastIndexOf('@');
		return (at >= 0) ? destination.substring(0, at).toLowerCase(java.util.Locale.ROOT) : destination;
	}

	private static Integer segments(Delivery delivery) {
		if (delivery.channel() != Channel.SMS || delivery.content().text() == null) {
			return null;
		}
		int length = delivery.content().text().length();
		return (length <= 160) ? 1 : (length + 152) / 153;
	}

}
