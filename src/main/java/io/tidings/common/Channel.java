package io.tidings.common;

import java.util.Locale;

/**
 * A delivery channel. The wire name is the lower-case form used by every HTTP surface.
 */
public enum Channel {

	WHATSAPP, SMS, EMAIL;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The channel named {@code value} (case-insensitive), or {@code null} when there is
	 * none.
	 */
	public static Channel fromWire(String value) {
		if (value == null) {
			return null;
		}
		for (Channel channel : values()) {
			if (channel.name().equalsIgnoreCase(value.trim())) {
				return channel;
			}
		}
		return null;
	}

}
