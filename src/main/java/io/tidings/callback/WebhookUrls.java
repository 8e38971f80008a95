package io.tidings.callback;

import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Callback URLs parsed once: every callback parsed its URL two to four times (the
 * endpoint's slot, the request, the endpoint's last answer), 1.2% of the JVM's samples
 * per SMS. A bot's URLs are few; the cache is emptied when it holds more than
 * {@value #LIMIT}, for bots that put something per message in theirs.
 */
final class WebhookUrls {

	private static final int LIMIT = 4096;

	// a URL longer than this is parsed each time: the cache's size stays bounded
	private static final int LONGEST = 1024;

	private static final ConcurrentHashMap<String, Parsed> PARSED = new ConcurrentHashMap<>();

	private WebhookUrls() {
	}

	/**
	 * @throws IllegalArgumentException when the URL is not a URI
	 */
	static URI uri(String url) {
		return parsed(url).uri();
	}

	/**
	 * The scheme and authority, which key an endpoint's slots; the URL itself when it is
	 * not a URI.
	 */
	static String authority(String url) {
		try {
			return parsed(url).authority();
		}
		catch (IllegalArgumentException ex) {
			return url;
		}
	}

	private static Parsed parsed(String url) {
		Parsed parsed = PARSED.get(url);
		if (parsed == null) {
			URI uri = URI.create(url);
			parsed = new Parsed(uri, uri.getScheme() + "://" + uri.getAuthority());
			if (url.length() > LONGEST) {
				return parsed;
			}
			if (PARSED.size() >= LIMIT) {
				PARSED.clear();
			}
			PARSED.put(url, parsed);
		}
		return parsed;
	}

	private record Parsed(URI uri, String authority) {
	}

}
