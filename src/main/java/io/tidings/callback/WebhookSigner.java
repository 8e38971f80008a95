package io.tidings.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the secret's decoded bytes.
 */
public final class WebhookSigner {

	// Mac.getInstance looks the algorithm up in the security providers and init hashes
	// the
	// key: a Mac initialised per secret is kept and cloned per signature (callbacks run
	// on
	// virtual threads, so a Mac per thread was made anew for nearly every callback: 2.5%
	// of the JVM's samples per SMS); a bot has one secret, so the map stays small
	private static final int MAX_KEYS = 10_000;

	private static final Map<String, Mac> KEYED = new ConcurrentHashMap<>();

	private WebhookSigner() {
	}

	/**
	 * The {@code webhook-signature} header value.
	 * @param secret {@code whsec_} and base64 key bytes
	 */
	public static String sign(String secret, String id, long timestampSeconds, String body) {
		try {
			Mac keyed = KEYED.get(secret);
			if (keyed == null) {
				keyed = keyed(secret);
				if (KEYED.size() >= MAX_KEYS) {
					KEYED.clear();
				}
				KEYED.put(secret, keyed);
			}
			Mac mac = (Mac) keyed.clone();
			byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException | CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Mac keyed(String secret) throws GeneralSecurityException {
		String encodedKey = secret.startsWith("whsec_") ? secret.substring(6) : secret;
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
		return mac;
	}

}
