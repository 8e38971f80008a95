package io.tidings.report;

import java.util.Locale;
import java.util.Optional;

/**
 * What a report summary is grouped by: the rollups' campaign or template, each
 * notification's current status, or the UTC day or hour it was created in.
 */
public enum SummaryGrouping {

	CAMPAIGN, TEMPLATE, STATUS, DAY, HOUR;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The grouping named {@code value} (case-insensitive), if there is one.
	 */
	public static Optional<SummaryGrouping> fromWire(String value) {
		if (value == null) {
			return Optional.empty();
		}
		for (SummaryGrouping grouping : values()) {
			if (grouping.name().equalsIgnoreCase(value.strip())) {
				return Optional.of(grouping);
			}
		}
		return Optional.empty();
	}

}
