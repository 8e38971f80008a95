package io.tidings.channel.whatsappcloud;

import java.util.Map;

import io.tidings.channel.InvalidChannelSettingsException;

/**
 * The settings of a WhatsApp Cloud API account (API.md §7).
 */
record WhatsAppCloudSettings(String phoneNumberId, String accessToken, String appSecret, String verifyToken,
		String baseUrl, String apiVersion, int messagesPerSecond, int timeoutMillis) {

	static WhatsAppCloudSettings of(Map<String, Object> settings) {
		String phoneNumberId = text(settings, "phoneNumberId", true);
		String accessToken = text(settings, "accessToken", true);
		String baseUrl = (settings.get("baseUrl") != null) ? text(settings, "baseUrl", false)
				: "https://graph.facebook.com";
		if (!baseUrl.matches("https?://[^\\s]+")) {
			throw new InvalidChannelSettingsException("baseUrl", "baseUrl must be an http(s) URL");
		}
		String version = (settings.get("apiVersion") != null) ? text(settings, "apiVersion", false) : "v21.0";
		if (!version.matches("v[0-9]{1,3}\\.[0-9]{1,3}")) {
			throw new InvalidChannelSettingsException("apiVersion", "apiVersion must look like v21.0");
		}
		int rate = 80;
		Object mps = settings.get("messagesPerSecond");
		if (mps != null) {
			if (!(mps instanceof Number number) || number.intValue() < 1 || number.intValue() > 10_000) {
				throw new InvalidChannelSettingsException("messagesPerSecond", "messagesPerSecond must be 1 to 10000");
			}
			rate = number.intValue();
		}
		int timeout = 15_000;
		Object timeoutSetting = settings.get("timeoutMillis");
		if (timeoutSetting != null) {
			if (!(timeoutSetting instanceof Number number) || number.intValue() < 100 || number.intValue() > 120_000) {
				throw new InvalidChannelSettingsException("timeoutMillis", "timeoutMillis must be 100 to 120000");
			}
			timeout = number.intValue();
		}
		return new WhatsAppCloudSettings(phoneNumberId, accessToken, text(settings, "appSecret", false),
				text(settings, "verifyToken", false), baseUrl.replaceAll("/+$", ""), version, rate, timeout);
	}

	String messagesUrl() {
		return this.baseUrl + "/" + this.apiVersion + "/" + this.phoneNumberId + "/messages";
	}

	private static String text(Map<String, Object> settings, String name, boolean required) {
		Object value = settings.get(name);
		if (value == null || (value instanceof String s && s.isBlank())) {
			if (required) {
				throw new InvalidChannelSettingsException(name, name + " is required for whatsapp-cloud");
			}
			return null;
		}
		if (!(value instanceof String)) {
			throw new InvalidChannelSettingsException(name, name + " must be a string");
		}
		return (String) value;
	}

}
