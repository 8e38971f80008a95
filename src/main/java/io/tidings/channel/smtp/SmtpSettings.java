package io.tidings.channel.smtp;

import java.util.Map;

import io.tidings.channel.InvalidChannelSettingsException;
import io.tidings.common.EmailAddress;

/**
 * The settings of an SMTP account (API.md §7).
 *
 * @param tls {@code none}, {@code starttls} or {@code tls}
 */
record SmtpSettings(String host, int port, String username, String password, String tls, String fromAddress,
		String fromName, int connections) {

	static SmtpSettings of(Map<String, Object> settings) {
		String host = text(settings, "host", true);
		String tls = (settings.get("tls") != null) ? text(settings, "tls", true) : "starttls";
		if (!tls.equals("none") && !tls.equals("starttls") && !tls.equals("tls")) {
			throw new InvalidChannelSettingsException("tls", "tls must be none, starttls or tls");
		}
		int port = number(settings, "port", tls.equals("tls") ? 465 : tls.equals("starttls") ? 587 : 25, 65_535);
		String from = text(settings, "fromAddress", true);
		if (EmailAddress.parse(from).isEmpty()) {
			throw new InvalidChannelSettingsException("fromAddress", "fromAddress must be an email address");
		}
		return new SmtpSettings(host, port, text(settings, "username", false), text(settings, "password", false), tls,
				from, text(settings, "fromName", false), number(settings, "connections", 4, 64));
	}

	private static String text(Map<String, Object> settings, String name, boolean required) {
		Object value = settings.get(name);
		if (value == null || (value instanceof String s && s.isBlank())) {
			if (required) {
				throw new InvalidChannelSettingsException(name, name + " is required for smtp");
			}
			return null;
		}
		if (!(value instanceof String text)) {
			throw new InvalidChannelSettingsException(name, name + " must be a string");
		}
		return text;
	}

	private static int number(Map<String, Object> settings, String name, int fallback, int max) {
		Object value = settings.get(name);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Number number) || number.intValue() < 1 || number.intValue() > max) {
			throw new InvalidChannelSettingsException(name, name + " must be a number from 1 to " + max);
		}
		return number.intValue();
	}

}
