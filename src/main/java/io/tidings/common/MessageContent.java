package io.tidings.common;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

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
// stored with every notification (in both of its row versions: the insert and the
// outcome's non-HOT update): an SMS template send fills 4 of the 13 fields, and the
// other 9, written as nulls, took 132 of the column's 285 bytes; a field left out reads
// back as null
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageContent(String kind, String language, String subject, String header, String text, String footer,
		List<String> bodyParams, List<Media> media, List<String> quickReplies, Map<String, String> urlParams,
		List<String> cc, List<String> bcc, Location location) {

	/**
	 * A media item: a link and an optional title or caption.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Media(String link, String title, String filename) {
	}

	/**
	 * A point on the map.
	 */
	public record Location(double lat, double lng, String name, String address) {
	}

}
