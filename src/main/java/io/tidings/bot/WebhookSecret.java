package io.tidings.bot;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks signing secrets: {@code whsec_} and the base64 of 32 random bytes.
 */
final class WebhookSecret {

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSecret() {
	}

	static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "whsec_" + Base64.getEncoder().encodeToString(bytes);
	}

}
