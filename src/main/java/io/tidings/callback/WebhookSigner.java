package io.tidings.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the secret's decoded bytes.
 */
public final class WebhookSigner {

	private WebhookSigner() {
	}

	/**
	 * The {@code webhook-signature} header value.
	 * @param secret {@code whsec_} and base64 key bytes
	 */
	public static String sign(String secret, String id, long timestampSeconds, String body) {
		String encodedKey = secret.startsWith("whsec_") ? secret.substring(6) : secret;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
			byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
