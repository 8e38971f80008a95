package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnArraysTests {

	@Test
	void timeIsSentAsAnInstantWithItsOffsetWhateverTheJvmsZone() {
		Instant instant = Instant.parse("2026-10-25T01:30:00.123456Z");
		assertThat(ColumnArrays.text(instant)).isEqualTo("2026-10-25T01:30:00.123456Z");
		assertThat(ColumnArrays.text(Timestamp.from(instant))).isEqualTo("2026-10-25T01:30:00.123456Z");
	}

	@Test
	void pgJdbcInfinitiesArePostgresInfinities() {
		// as Tracked reads them: rs.getTimestamp(…).toInstant()
		assertThat(ColumnArrays.text(new Timestamp(PGStatement.DATE_POSITIVE_INFINITY).toInstant()))
			.isEqualTo("infinity");
		assertThat(ColumnArrays.text(new Timestamp(PGStatement.DATE_NEGATIVE_INFINITY).toInstant()))
			.isEqualTo("-infinity");
	}

	@Test
	void otherValuesAreTheirTextAndNullStaysNull() {
		UUID id = UUID.randomUUID();
		assertThat(ColumnArrays.text(id)).isEqualTo(id.toString());
		assertThat(ColumnArrays.text(42)).isEqualTo("42");
		assertThat(ColumnArrays.text(true)).isEqualTo("true");
		assertThat(ColumnArrays.text("{\"a\":\"b\"}")).isEqualTo("{\"a\":\"b\"}");
		assertThat(ColumnArrays.text(null)).isNull();
	}

}
