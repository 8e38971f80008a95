package io.tidings.channel.smpp;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmppReceiptStatusTests {

	@Test
	void deliveredReachedTheUser() {
		SmppReceiptStatus delivered = SmppReceiptStatus.of("DELIVRD").orElseThrow();
		assertThat(delivered.status()).isEqualTo(Status.DELIVERED_USER);
		assertThat(delivered.failureKind()).isNull();
		assertThat(delivered.errorCode()).isNull();
	}

	@Test
	void acceptedReachedTheChannel() {
		assertThat(SmppReceiptStatus.of("ACCEPTD").orElseThrow().status()).isEqualTo(Status.DELIVERED_CHANNEL);
	}

	@Test
	void undeliverableIsAnAbsentSubscriber() {
		assertFailure("UNDELIV", FailureKind.ABSENT, 14272);
	}

	@Test
	void everyOtherFinalStateIsAFailureWithItsKindAndCode() {
		assertFailure("EXPIRED", FailureKind.EXPIRED, 1415);
		assertFailure("REJECTD", FailureKind.REJECTED, 1420);
		assertFailure("DELETED", FailureKind.ERROR, 1420);
		assertFailure("UNKNOWN", FailureKind.ERROR, 1420);
	}

	@Test
	void statIsReadWhateverItsCaseAndSpacing() {
		assertThat(SmppReceiptStatus.of(" delivrd ")).contains(SmppReceiptStatus.DELIVRD);
	}

	@Test
	void intermediateOrUnknownStatesAreIgnored() {
		assertThat(SmppReceiptStatus.of("ENROUTE")).isEmpty();
		assertThat(SmppReceiptStatus.of("SOMETHING")).isEmpty();
		assertThat(SmppReceiptStatus.of(null)).isEmpty();
	}

	private static void assertFailure(String stat, FailureKind kind, int code) {
		SmppReceiptStatus mapped = SmppReceiptStatus.of(stat).orElseThrow();
		assertThat(mapped.status()).isEqualTo(Status.FAILED);
		assertThat(mapped.failureKind()).isEqualTo(kind);
		assertThat(mapped.errorCode()).isEqualTo(code);
	}

}
