package io.tidings.dispatch;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DueFloorTests {

	private final Instant t0 = Instant.parse("2026-11-30T00:00:00Z");

	@Test
	void theFirstClaimLooksAtEverything() {
		assertThat(new DueFloor().at(this.t0)).isNull();
	}

	@Test
	void aClaimThatLeftNothingDueLetsTheNextStartAMarginBeforeIt() {
		DueFloor floor = new DueFloor();
		floor.claimed(this.t0, floor.at(this.t0), true);
		assertThat(floor.at(this.t0.plusSeconds(1))).isEqualTo(this.t0.minus(DueFloor.MARGIN));
	}

	@Test
	void aFullBatchKeepsTheFloorWhereItWas() {
		DueFloor floor = new DueFloor();
		floor.claimed(this.t0, floor.at(this.t0), true);
		Instant t3 = this.t0.plusSeconds(3);
		floor.claimed(t3, floor.at(t3), false);
		assertThat(floor.at(this.t0.plusSeconds(4))).isEqualTo(this.t0.minus(DueFloor.MARGIN));
	}

	@Test
	void everyFullScanIntervalOneClaimLooksAtEverythingAgain() {
		DueFloor floor = new DueFloor();
		floor.claimed(this.t0, floor.at(this.t0), true);
		Instant later = this.t0.plus(DueFloor.FULL_SCAN);
		assertThat(floor.at(later)).isNull();
		assertThat(floor.at(later.plusMillis(1))).isNotNull();
	}

	@Test
	void aClockSetBackMakesTheNextClaimLookAtEverything() {
		DueFloor floor = new DueFloor();
		floor.claimed(this.t0, floor.at(this.t0), true);
		Instant back = this.t0.minusSeconds(120);
		assertThat(floor.at(back)).isNull();
		floor.claimed(back, null, true);
		assertThat(floor.at(back.plusSeconds(1))).isEqualTo(back.minus(DueFloor.MARGIN));
	}

	@Test
	void aFullScanThatComesBackFullDropsTheFloorUntilAClaimLeavesNothingDue() {
		// rows committed later than the margin (a campaign of a million resumed in one
		// statement) are due below the floor: the full scan finds them
		DueFloor floor = new DueFloor();
		floor.claimed(this.t0, floor.at(this.t0), true);
		Instant later = this.t0.plus(DueFloor.FULL_SCAN);
		floor.claimed(later, floor.at(later), false);
		assertThat(floor.at(later.plusMillis(1))).isNull();
		assertThat(floor.at(later.plusMillis(2))).isNull();
		floor.claimed(later.plusMillis(2), null, true);
		assertThat(floor.at(later.plusMillis(3))).isEqualTo(later.plusMillis(2).minus(DueFloor.MARGIN));
	}

	@Test
	void aClaimFromAFloorDroppedMeanwhileDoesNotSetItAgain() {
		DueFloor floor = new DueFloor();
		floor.claimed(this.t0, floor.at(this.t0), true);
		Instant t1 = this.t0.plusSeconds(1);
		Instant stale = floor.at(t1);
		Instant later = this.t0.plus(DueFloor.FULL_SCAN);
		floor.claimed(later, floor.at(later), false);
		floor.claimed(later, stale, true);
		assertThat(floor.at(later.plusMillis(1))).isNull();
	}

}
