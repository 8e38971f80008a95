package io.tidings.api.jelou;

import java.util.Map;

import io.tidings.notification.NotificationStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerformanceFormatTests {

	@Test
	void seedSampleGivesTheSeedsNumbers() {
		// seed 000: 4 sent, 1 failed, 1 read, 2 replied
		NotificationStats stats = new NotificationStats(4, 0, 1, 0, 3, 1, 2);
		assertThat(JelouStats.stats(stats)).containsExactly(Map.entry("FAILED", 1L), Map.entry("CREATED", 0L),
				Map.entry("DELIVERED_USER", 3L), Map.entry("DELIVERED_CHANNEL", 0L), Map.entry("USER_READ", 1L),
				Map.entry("TOTAL_HSM", 4L), Map.entry("USER_REPLIED", 2L), Map.entry("TOTAL_DELIVERED", 3L));
		assertThat(JelouStats.performance(stats)).containsExactly(Map.entry("FAILED", "33.33"),
				Map.entry("CREATED", "0.00"), Map.entry("DELIVERED_USER", "100.00"),
				Map.entry("DELIVERED_CHANNEL", "0.00"), Map.entry("USER_READ", "33.33"),
				Map.entry("USER_REPLIED", "66.67"));
	}

	@Test
	void nothingDeliveredGivesZeroes() {
		assertThat(JelouStats.percent(5, 0)).isEqualTo("0.00");
		assertThat(JelouStats.percent(1, 8)).isEqualTo("12.50");
	}

}
