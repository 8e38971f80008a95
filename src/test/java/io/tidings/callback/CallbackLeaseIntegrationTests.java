package io.tidings.callback;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The partitions of the callback event log are leased for a short time and renewed
 * (API.md §15), so that an instance that dies hands them to another one soon; the
 * take-over itself is proven with a killed instance in {@code ClusterIntegrationTests}.
 */
@IntegrationTest
class CallbackLeaseIntegrationTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	@Autowired
	CallbackProperties properties;

	@Test
	void noPartitionIsHeldForLongerThanTheLeaseAndALiveInstanceKeepsItsPartitions() {
		await().atMost(Duration.ofSeconds(30)).until(() -> owners().size() == 1 && !owners().contains(null));
		String owner = owners().get(0);
		Timestamp first = latestLease();
		// renewed (by the renewer or by the workers themselves), never beyond one lease
		// from now, and never lost to nobody
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> latestLease().toInstant()
				.isAfter(first.toInstant().plus(this.properties.streamLeaseRenewal())));
		assertThat(owners()).containsExactly(owner);
		assertThat(latestLease().toInstant())
			.isBeforeOrEqualTo(this.clock.instant().plus(this.properties.streamLease()).plusSeconds(1));
		assertThat(this.properties.streamLease()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.properties.streamLeaseRenewal()).isEqualTo(Duration.ofSeconds(3));
	}

	private List<String> owners() {
		return this.jdbc.queryForList("select distinct owner from callback_cursor", String.class);
	}

	private Timestamp latestLease() {
		return this.jdbc.queryForObject("select max(lease_until) from callback_cursor", Timestamp.class);
	}

}
