package io.tidings.channel.smpp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tidings.channel.InvalidChannelSettingsException;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * One SMPP account's settings (API.md §7), checked.
 *
 * @param sourceTon overrides the source address's type of number, or null
 * @param sourceNpi overrides the source address's numbering plan, or null
 * @param senders the sender ids deliveries may use; empty allows any
 */
record SmppSettings(String host, int port, String systemId, String password, String systemType, int binds, int window,
		Integer sourceTon, Integer sourceNpi, List<String> senders, int enquireLinkSeconds) {

	/**
	 * Reads settings as they arrive from JSON.
	 * @throws InvalidChannelSettingsException naming the first bad field
	 */
	static SmppSettings from(Map<String, Object> settings) {
		Fields fields = new Fields(settings);
		String host = fields.text("host", true, 255);
		int port = fields.integer("port", 1, 65535, null);
		// SMPP 3.4 C-octet strings, NUL included: system_id 16, password 9, type 13
		String systemId = fields.text("systemId", true, 15);
		String password = fields.text("password", false, 8);
		String systemType = fields.text("systemType", false, 12);
		int binds = fields.integer("binds", 1, 10, 1);
		int window = fields.integer("window", 1, 1000, 10);
		Integer sourceTon = fields.optionalInteger("sourceTon", 0, 255);
		if (sourceTon != null && sourceTon > 6) {
			throw new InvalidChannelSettingsException("sourceTon",
					"sourceTon must be a type of number SMPP defines (0-6)");
		}
		Integer sourceNpi = fields.optionalInteger("sourceNpi", 0, 255);
		if (sourceNpi != null && !isKnownNpi(sourceNpi)) {
			throw new InvalidChannelSettingsException("sourceNpi",
					"sourceNpi must be a numbering plan SMPP defines (0, 1, 3, 4, 6, 8, 9, 10, 14 or 18)");
		}
		List<String> senders = fields.senders();
		int enquireLinkSeconds = fields.integer("enquireLinkSeconds", 1, 3600, 30);
		return new SmppSettings(host, port, systemId, password, systemType, binds, window, sourceTon, sourceNpi,
				senders, enquireLinkSeconds);
	}

	private static boolean isKnownNpi(int npi) {
		try {
			NumberingPlanIndicator.valueOf((byte) npi);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The source address for a delivery's sender, or null when the sender is not allowed.
	 */
	SmppAddress source(String requested) {
		boolean given = requested != null && !requested.isBlank();
		if (given && !this.senders.isEmpty() && !this.senders.contains(requested)) {
			return null;
		}
		String sender = given ? requested : (!this.senders.isEmpty()) ? this.senders.get(0) : this.systemId;
		boolean numeric = sender.matches("\\+?[0-9]+");
		TypeOfNumber ton = (this.sourceTon != null) ? TypeOfNumber.valueOf(this.sourceTon.byteValue())
				: numeric ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
		NumberingPlanIndicator npi = (this.sourceNpi != null)
				? NumberingPlanIndicator.valueOf(this.sourceNpi.byteValue())
				: numeric ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
		return new SmppAddress(ton, npi, numeric ? sender.replace("+", "") : sender);
	}

	@Override
	public String toString() {
		return "SmppSettings[" + this.systemId + "@" + this.host + ":" + this.port + ", binds=" + this.binds
				+ ", window=" + this.window + "]";
	}

	private record Fields(Map<String, Object> settings) {

		String text(String field, boolean required, int maxLength) {
			Object value = this.settings.get(field);
			if (value == null && !required) {
				return null;
			}
			if (!(value instanceof String text) || (required && text.isBlank())) {
				throw new InvalidChannelSettingsException(field,
						field + " must be a" + (required ? " non-empty" : "") + " string");
			}
			if (text.length() > maxLength) {
				throw new InvalidChannelSettingsException(field,
						field + " must be at most " + maxLength + " characters (SMPP 3.4)");
			}
			return text;
		}

		int integer(String field, int min, int max, Integer fallback) {
			Integer value = optionalInteger(field, min, max);
			if (value == null && fallback == null) {
				throw new InvalidChannelSettingsException(field,
						field + " is required: a number from " + min + " to " + max);
			}
			return (value != null) ? value : fallback;
		}

		Integer optionalInteger(String field, int min, int max) {
			Object value = this.settings.get(field);
			if (value == null) {
				return null;
			}
			if (!(value instanceof Integer || value instanceof Long || value instanceof Short)
					|| ((Number) value).longValue() < min || ((Number) value).longValue() > max) {
				throw new InvalidChannelSettingsException(field,
						field + " must be a number from " + min + " to " + max);
			}
			return ((Number) value).intValue();
		}

		List<String> senders() {
			Object value = this.settings.get("senders");
			if (value == null) {
				return List.of();
			}
			if (!(value instanceof List<?> list)) {
				throw new InvalidChannelSettingsException("senders", "senders must be a list of sender ids");
			}
			List<String> senders = new ArrayList<>(list.size());
			for (Object item : list) {
				// source_addr is a C-octet string of at most 21 octets
				if (!(item instanceof String sender) || sender.isBlank() || sender.length() > 20) {
					throw new InvalidChannelSettingsException("senders",
							"senders must hold non-empty strings of at most 20 characters");
				}
				senders.add(sender);
			}
			return List.copyOf(senders);
		}

	}

}
