package io.tidings.stream;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTests {

	@Test
	void aDatabaseThatCannotBeReachedIsUnavailableNotARefusedRecord() {
		assertThat(Failures.unavailable(new CannotCreateTransactionException("no connection"))).isTrue();
		assertThat(Failures.unavailable(new CannotGetJdbcConnectionException("pool timed out"))).isTrue();
		assertThat(Failures.unavailable(new DataAccessResourceFailureException("I/O error"))).isTrue();
		// deep in a chain, as the listener container wraps it
		assertThat(Failures.unavailable(new IllegalStateException("listener failed",
				new RuntimeException(new SQLException("connection refused", "08001")))))
			.isTrue();
	}

	@Test
	void aRecordTheCodeRefusesIsNotUnavailable() {
		assertThat(Failures.unavailable(new NullPointerException("element cannot be mapped to a null key"))).isFalse();
		assertThat(Failures.unavailable(new DataIntegrityViolationException("violates check constraint"))).isFalse();
		assertThat(Failures.unavailable(new IllegalArgumentException(new SQLException("bad input", "22P02"))))
			.isFalse();
	}

	@Test
	void whatIsLoggedOfAFailureNamesItsKindsButNotItsMessages() {
		String described = Failures.describe(new IllegalStateException("+919000012345 was refused",
				new IllegalArgumentException("secret 919000012345")));
		assertThat(described).contains("java.lang.IllegalStateException", "java.lang.IllegalArgumentException")
			.doesNotContain("919000012345");
	}

}
