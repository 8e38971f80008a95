package io.tidings.common;

import java.util.Locale;

/**
 * The shape of the status callbacks a notification's owner receives (API.md §4, §5).
 */
public enum CallbackFormat {

	YELLOW, JELOU;

	// read on every send and callback: kept, not lower-cased and copied per call
	private static final CallbackFormat[] ALL = values();

	private final String wire = name().toLowerCase(Locale.ROOT);

	public String wire() {
		return this.wire;
	}

	/**
	 * The format named {@code value} (case-insensitive), or {@code null} when there is
	 * none.
	 */
	public static CallbackFormat fromWire(String value) {
		for (CallbackFormat format : ALL) {
			if (format.name().equalsIgnoreCase(value)) {
				return format;
			}
		}
		return null;
	}

}
