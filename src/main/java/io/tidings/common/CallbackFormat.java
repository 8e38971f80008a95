package io.tidings.common;

import java.util.Locale;

/**
 * The shape of the status callbacks a notification's owner receives (API.md §4, §5).
 */
public enum CallbackFormat {

	YELLOW, JELOU;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The format named {@code value} (case-insensitive), or {@code null} when there is
	 * none.
	 */
	public static CallbackFormat fromWire(String value) {
		for (CallbackFormat format : values()) {
			if (format.name().equalsIgnoreCase(value)) {
				return format;
			}
		}
		return null;
	}

}
