package io.tidings.notification;

import io.tidings.common.Status;
import io.tidings.notification.StatusFunnel.Effect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusFunnelTests {

	@Test
	void laterStageAdvances() {
		assertThat(StatusFunnel.effect(Status.CREATED, Status.DELIVERED_CHANNEL, false)).isEqualTo(Effect.ADVANCE);
		assertThat(StatusFunnel.effect(Status.DELIVERED_CHANNEL, Status.READ, false)).isEqualTo(Effect.ADVANCE);
		assertThat(StatusFunnel.effect(Status.READ, Status.REPLY, false)).isEqualTo(Effect.ADVANCE);
	}

	@Test
	void duplicateChangesNothing() {
		assertThat(StatusFunnel.effect(Status.READ, Status.READ, true)).isEqualTo(Effect.IGNORE);
		assertThat(StatusFunnel.effect(Status.FAILED, Status.FAILED, true)).isEqualTo(Effect.IGNORE);
	}

	@Test
	void lateReadEventDoesNotMoveStatusBackwards() {
		assertThat(StatusFunnel.effect(Status.REPLY, Status.READ, false)).isEqualTo(Effect.FILL_TIMESTAMP);
		assertThat(StatusFunnel.effect(Status.READ, Status.DELIVERED_USER, false)).isEqualTo(Effect.FILL_TIMESTAMP);
	}

	@Test
	void lateEventWhoseStageIsRecordedIsIgnored() {
		assertThat(StatusFunnel.effect(Status.READ, Status.DELIVERED_USER, true)).isEqualTo(Effect.IGNORE);
		assertThat(StatusFunnel.effect(Status.DELIVERED_CHANNEL, Status.CREATED, true)).isEqualTo(Effect.IGNORE);
	}

	@Test
	void failureReplacesOnlyCreatedOrDeliveredChannel() {
		assertThat(StatusFunnel.effect(Status.CREATED, Status.FAILED, false)).isEqualTo(Effect.ADVANCE);
		assertThat(StatusFunnel.effect(Status.DELIVERED_CHANNEL, Status.FAILED, false)).isEqualTo(Effect.ADVANCE);
		assertThat(StatusFunnel.effect(Status.DELIVERED_USER, Status.FAILED, false)).isEqualTo(Effect.RECORD_ONLY);
		assertThat(StatusFunnel.effect(Status.READ, Status.FAILED, false)).isEqualTo(Effect.RECORD_ONLY);
	}

	@Test
	void successAfterFailureIsRecordedButDoesNotUndoIt() {
		assertThat(StatusFunnel.effect(Status.FAILED, Status.DELIVERED_USER, false)).isEqualTo(Effect.RECORD_ONLY);
		assertThat(Effect.RECORD_ONLY.needsEventRow()).isTrue();
		assertThat(Effect.ADVANCE.needsEventRow()).isFalse();
		assertThat(Effect.FILL_TIMESTAMP.needsEventRow()).isFalse();
		assertThat(Effect.IGNORE.needsEventRow()).isFalse();
	}

}
