package io.tidings.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex. Each hash clones one prototype digest:
 * {@code MessageDigest.getInstance} looks the algorithm up among the security providers
 * and checks its constraints on every call, which was 1.4% of the JVM's samples per push
 * (the API key's hash) in the SMS side by side.
 */
public final class Sha256 {

	private static final MessageDigest PROTOTYPE = newDigest();

	private static final boolean CLONEABLE = cloneable();

	private Sha256() {
	}

	/**
	 * The hash of the value's UTF-8 bytes.
	 */
	public static String hex(String value) {
		return hex(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The hash of these bytes.
	 */
	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(digest().digest(bytes));
	}

	private static MessageDigest digest() {
		if (CLONEABLE) {
			try {
				return (MessageDigest) PROTOTYPE.clone();
			}
			catch (CloneNotSupportedException ex) {
				// not reached: cloneable() tried it
			}
		}
		return newDigest();
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// every JDK's own provider can clone its SHA-256; a provider that cannot gets a new
	// digest per hash, as before
	private static boolean cloneable() {
		try {
			PROTOTYPE.clone();
			return true;
		}
		catch (CloneNotSupportedException ex) {
			return false;
		}
	}

}
