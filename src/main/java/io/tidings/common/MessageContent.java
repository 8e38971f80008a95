package io.tidings.common;

import java.util.List;
import java.util.Map;

/**
 * A message rendered for one recipient, as stored with the notification and handed to a
 * provider. Fields a channel does not use are null.
 *
 * @param kind {@code template}, {@code text}, {@code image}, {@code file} or
 * {@code location}
 * @param language template language (WhatsApp)
 * @param subject email subject
 * @param header rendered header text
 * @param text rendered body text
 * @param footer footer text
 * @param bodyParams body parameter values in placeholder order (WhatsApp template sends)
 * @param media media attached to the message (header media, image, file)
 * @param quickReplies quick-reply payloads, in button order
 * @param urlParams URL-button parameters by button text key
 * @param cc email carbon-copy recipients
 * @param bcc email blind carbon-copy recipients
 * @param location a shared location
 */
public record MessageContent(String kind, String language, String subject, String header, String text, String footer,
		List<String> bodyParams, List<Media> media, List<String> quickReplies, Map<String, String> urlParams,
		List<String> cc, List<String> bcc, Location location) {

	/**
	 * A media item: a link and an optional title or caption.
	 */
	public record Media(String link, String title, String filename) {
	}

	/**
	 * A point on the map.
	 */
	public record Location(double lat, double lng, String name, String address) {
	}

}
