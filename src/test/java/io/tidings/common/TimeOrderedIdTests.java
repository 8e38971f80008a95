package io.tidings.common;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TimeOrderedIdTests {

	@Test
	void boundsFollowTheDatabaseOrderOfUuidsNotJavasSignedOne() {
		// PostgreSQL compares uuids byte by byte: 8000... sorts after 7fff...; Java's
		// compareTo puts it first (a negative long)
		UUID low = UUID.fromString("7fffffff-ffff-7fff-bfff-ffffffffffff");
		UUID high = UUID.fromString("80000000-0000-7000-8000-000000000000");
		UUID sameHighLowerTail = UUID.fromString("80000000-0000-7000-0000-000000000001");
		assertThat(high.compareTo(low)).isNegative();
		assertThat(TimeOrderedId.bounds(List.of(high, low))).containsExactly(low, high);
		assertThat(TimeOrderedId.bounds(List.of(high, sameHighLowerTail))).containsExactly(sameHighLowerTail, high);
	}

	@Test
	void idsMadeLaterSortAfterInTheDatabaseOrder() {
		UUID first = TimeOrderedId.next();
		UUID second = TimeOrderedId.next();
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(first, second)).isNegative();
		assertThat(TimeOrderedId.bounds(List.of(second, first))).containsExactly(first, second);
	}

	@Test
	void noIdsHaveNoBounds() {
		assertThatIllegalArgumentException().isThrownBy(() -> TimeOrderedId.bounds(List.of()));
	}

}
