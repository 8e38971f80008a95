package io.tidings.api.jelou;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tidings.notification.NotificationStats;

/**
 * The {@code stats} and {@code performance} objects of seed 000 (API.md §5).
 */
public final class JelouStats {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	private JelouStats() {
	}

	public static Map<String, Object> stats(NotificationStats s) {
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("FAILED", s.failed());
		stats.put("CREATED", s.created());
		stats.put("DELIVERED_USER", s.deliveredUser());
		stats.put("DELIVERED_CHANNEL", s.deliveredChannel());
		stats.put("USER_READ", s.read());
		stats.put("TOTAL_HSM", s.total());
		stats.put("USER_REPLIED", s.replied());
		stats.put("TOTAL_DELIVERED", s.totalDelivered());
		return stats;
	}

	public static Map<String, String> performance(NotificationStats s) {
		Map<String, String> performance = new LinkedHashMap<>();
		performance.put("FAILED", percent(s.failed(), s.totalDelivered()));
		performance.put("CREATED", percent(s.created(), s.totalDelivered()));
		performance.put("DELIVERED_USER", percent(s.deliveredUser(), s.totalDelivered()));
		performance.put("DELIVERED_CHANNEL", percent(s.deliveredChannel(), s.totalDelivered()));
		performance.put("USER_READ", percent(s.read(), s.totalDelivered()));
		performance.put("USER_REPLIED", percent(s.replied(), s.totalDelivered()));
		return performance;
	}

	public static String percent(long count, long of) {
		if (of == 0) {
			return "0.00";
		}
		return BigDecimal.valueOf(count)
			.multiply(HUNDRED)
			.divide(BigDecimal.valueOf(of), 2, RoundingMode.HALF_UP)
			.toPlainString();
	}

}
