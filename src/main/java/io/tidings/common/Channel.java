package io.tidings.common;

import java.util.Locale;

/**
 * A delivery channel. The wire name is the lower-case form used by every HTTP surface.
 */
public enum Channel {

	WHATSAPP, SMS, EMAIL;

	// read on every send and status: kept, not lower-cased and copied per call
	private static final Channel[] ALL = values();

	private final String wire = name().toLowerCase(Locale.ROOT);

	public String wire() {
		return this.wire;
	}

	/**
	 * The channel named {@code value} (case-insensitive), or {@code null} when there is
	 * none.
	 */
	public static Channel fromWire(String value) {
		if (value == null) {
			return null;
		}
		String name = value.trim();
		for (Channel channel : ALL) {
			if (channel.name().equalsIgnoreCase(name)) {
				return channel;
			}
		}
		return null;
	}

}
