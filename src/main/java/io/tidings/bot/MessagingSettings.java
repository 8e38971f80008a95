package io.tidings.bot;

import java.util.List;

/**
 * A bot's settings for what happens around a send (API.md §14).
 *
 * @param whatsAppToSms {@code fallback.whatsappToSms}: resend by SMS what WhatsApp could
 * not deliver because the number is not on WhatsApp
 * @param stopWords the words that opt a user out, or null for the defaults
 */
public record MessagingSettings(boolean whatsAppToSms, List<String> stopWords) {

	/** The settings of a bot that changed none. */
	public static final MessagingSettings DEFAULTS = new MessagingSettings(false, null);

}
