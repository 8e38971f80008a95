package io.tidings.dispatch;

import java.time.Duration;

import io.tidings.notification.NotificationsAccepted;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DispatchQueueTests {

	private final Wakeup wakeup = new Wakeup(2);

	private final DispatchQueue queue = new DispatchQueue(null, this.wakeup);

	@Test
	void aCommitWhoseNotificationsWereAllHandedOverWakesNoWorkerToLookInTheTable() throws Exception {
		this.queue.wake(new NotificationsAccepted(false));

		assertThat(this.wakeup.await(Duration.ZERO)).as("a worker woken").isFalse();
		assertThat(this.wakeup.tableWork()).isFalse();
	}

	@Test
	void aCommitThatQueuedNotificationsInTheTableWakesAWorkerToLookThereOnce() throws Exception {
		this.queue.wake(new NotificationsAccepted(true));

		assertThat(this.wakeup.await(Duration.ZERO)).as("a worker woken").isTrue();
		assertThat(this.wakeup.tableWork()).isTrue();
		assertThat(this.wakeup.tableWork()).as("told once").isFalse();
	}

	@Test
	void aHandOverWakesAWorkerForTheHandOverOnly() throws Exception {
		this.wakeup.signal();

		assertThat(this.wakeup.await(Duration.ZERO)).isTrue();
		assertThat(this.wakeup.tableWork()).isFalse();
	}

}
