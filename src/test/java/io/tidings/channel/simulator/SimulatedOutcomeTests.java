package io.tidings.channel.simulator;

import java.time.Duration;
import java.util.UUID;

import io.tidings.channel.Delivery;
import io.tidings.channel.FollowUp;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.MessageContent;
import io.tidings.common.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedOutcomeTests {

	private static final Duration STEP = Duration.ofMillis(200);

	@Test
	void numberEndingInZeroIsAbsent() {
		assertThat(send(Channel.WHATSAPP, "593912345670", 1))
			.isEqualTo(new SendResult.Permanent(FailureKind.ABSENT, 14272, "Number Does Not Exists On WhatsApp"));
	}

	@Test
	void numberEndingInOneStopsAtTheChannel() {
		assertThat(statuses(send(Channel.WHATSAPP, "593912345671", 1))).isEmpty();
	}

	@Test
	void numberEndingInThreeReadsAndReplies() {
		SendResult.Accepted accepted = (SendResult.Accepted) send(Channel.WHATSAPP, "593912345673", 1);
		assertThat(statuses(accepted)).containsExactly(Status.DELIVERED_USER, Status.READ, Status.REPLY);
		assertThat(accepted.followUps().get(2).reply()).isEqualTo("Hello");
		assertThat(accepted.followUps().get(2).after()).isEqualTo(STEP.multipliedBy(3));
	}

	@Test
	void numberEndingInFourFailsTwiceThenSucceeds() {
		assertThat(send(Channel.WHATSAPP, "593912345674", 1)).isInstanceOf(SendResult.Retryable.class);
		assertThat(send(Channel.WHATSAPP, "593912345674", 2)).isInstanceOf(SendResult.Retryable.class);
		assertThat(statuses(send(Channel.WHATSAPP, "593912345674", 3))).containsExactly(Status.DELIVERED_USER,
				Status.READ);
	}

	@Test
	void smsStopsAtTheDeviceAndEmailAtTheChannel() {
		assertThat(statuses(send(Channel.SMS, "593912345675", 1))).containsExactly(Status.DELIVERED_USER);
		assertThat(statuses(send(Channel.EMAIL, "someone@example.com", 1))).isEmpty();
	}

	@Test
	void specialEmailAddressesFail() {
		assertThat(send(Channel.EMAIL, "absent@example.com", 1)).isInstanceOfSatisfying(SendResult.Permanent.class,
				(p) -> assertThat(p.kind()).isEqualTo(FailureKind.ABSENT));
		assertThat(send(Channel.EMAIL, "bounce@example.com", 1)).isInstanceOfSatisfying(SendResult.Permanent.class,
				(p) -> assertThat(p.kind()).isEqualTo(FailureKind.REJECTED));
	}

	private static SendResult send(Channel channel, String destination, int attempt) {
		MessageContent content = new MessageContent("template", "en", null, null, "Hello", null, null, null, null, null,
				null, null, null);
		return SimulatedOutcome
			.of(new Delivery(UUID.randomUUID(), "bot", channel, destination, null, "t", content, attempt), STEP);
	}

	private static java.util.List<Status> statuses(SendResult result) {
		return ((SendResult.Accepted) result).followUps().stream().map(FollowUp::status).toList();
	}

}
