package io.tidings.channel.smtp;

import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * The HTML and plain-text parts of an email from one rendered body: an HTML body gets a
 * text part without its tags, a plain body gets an escaped HTML part with its line
 * breaks.
 */
final class EmailBodies {

	private static final Pattern TAG = Pattern.compile("<[a-zA-Z/!][^>]*>");

	private EmailBodies() {
	}

	static boolean isHtml(String body) {
		return body != null && TAG.matcher(body).find();
	}

	static String html(String body) {
		if (body == null) {
			return "";
		}
		return isHtml(body) ? body : "<p>" + HtmlUtils.htmlEscape(body).replace("\n", "<br>") + "</p>";
	}

	static String text(String body) {
		if (body == null) {
			return "";
		}
		if (!isHtml(body)) {
			return body;
		}
		String text = body.replaceAll("(?i)<br\\s*/?>", "\n").replaceAll("(?i)</p>", "\n\n");
		return HtmlUtils.htmlUnescape(TAG.matcher(text).replaceAll("")).strip();
	}

}
