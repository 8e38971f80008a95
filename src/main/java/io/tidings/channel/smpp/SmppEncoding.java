package io.tidings.channel.smpp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a text into the short messages of one SMS: GSM 03.38 septets (one per byte,
 * unpacked, as SMPP carries them) when every character has one, else UCS-2; split into
 * concatenated parts with an 8-bit-reference user data header when it does not fit one.
 */
final class SmppEncoding {

	static final byte GSM = 0x00;

	static final byte UCS2 = 0x08;

	private static final byte ESCAPE = 0x1B;

	// GSM 03.38 default alphabet in septet order; 0x1B escapes to the extension table
	private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
			+ "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

	// GSM 03.38 extension table: each character is sent as ESC followed by its code
	private static final String EXTENSION = "\f^{}\\[~]|€";

	private static final byte[] EXTENSION_CODES = { 0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65 };

	private static final Map<Character, byte[]> SEPTETS = septets();

	private SmppEncoding() {
	}

	/**
	 * The short messages for a text, UDH included when there are several.
	 * @param reference the concatenation reference shared by the parts (low 8 bits used)
	 * @throws IllegalArgumentException when the text needs more than 255 parts
	 */
	static Encoded encode(String text, int reference) {
		boolean gsm = isGsm(text);
		List<byte[]> units = gsm ? gsmUnits(text) : ucs2Units(text);
		int single = gsm ? 160 : 140;
		int segment = gsm ? 153 : 134;
		int total = units.stream().mapToInt((unit) -> unit.length).sum();
		List<byte[]> bodies = (total <= single) ? List.of(join(units, 0, units.size())) : split(units, segment);
		if (bodies.size() > 255) {
			throw new IllegalArgumentException("text needs " + bodies.size() + " SMS parts; at most 255 can be joined");
		}
		return new Encoded(gsm ? GSM : UCS2, withHeaders(bodies, reference));
	}

	/**
	 * The text of a short message a user sent: GSM 03.38 septets one per byte, UCS-2,
	 * else Latin-1 (IA5 and 8-bit codings); a user data header is skipped.
	 */
	static String decode(byte[] message, byte dataCoding, boolean hasHeader) {
		return decode(body(message, hasHeader), dataCoding);
	}

	/**
	 * The bytes of a short message's text: without its user data header, if it has one.
	 */
	static byte[] body(byte[] message, boolean hasHeader) {
		byte[] bytes = (message != null) ? message : new byte[0];
		int start = (hasHeader && bytes.length > 0) ? Math.min(bytes.length, (bytes[0] & 0xFF) + 1) : 0;
		return java.util.Arrays.copyOfRange(bytes, start, bytes.length);
	}

	/**
	 * The text of a short message's body (or of the joined bodies of a concatenated
	 * message's parts, so that a character split between two parts comes out whole).
	 */
	static String decode(byte[] bytes, int dataCoding) {
		int start = 0;
		int coding = dataCoding & 0x0F;
		if (coding == UCS2) {
			return new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.UTF_16BE);
		}
		if (coding != GSM) {
			return new String(bytes, start, bytes.length - start, java.nio.charset.StandardCharsets.ISO_8859_1);
		}
		StringBuilder text = new StringBuilder(bytes.length - start);
		for (int i = start; i < bytes.length; i++) {
			int septet = bytes[i] & 0x7F;
			if (septet == ESCAPE && i + 1 < bytes.length) {
				int code = bytes[++i] & 0x7F;
				for (int e = 0; e < EXTENSION_CODES.length; e++) {
					if (EXTENSION_CODES[e] == code) {
						text.append(EXTENSION.charAt(e));
					}
				}
			}
			else {
				text.append(BASIC.charAt(septet));
			}
		}
		return text.toString();
	}

	static boolean isGsm(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (!SEPTETS.containsKey(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static List<byte[]> gsmUnits(String text) {
		List<byte[]> units = new ArrayList<>(text.length());
		for (int i = 0; i < text.length(); i++) {
			units.add(SEPTETS.get(text.charAt(i)));
		}
		return units;
	}

	// one unit per code point, so that a surrogate pair stays in one part
	private static List<byte[]> ucs2Units(String text) {
		List<byte[]> units = new ArrayList<>(text.length());
		text.codePoints()
			.forEach((cp) -> units
				.add(new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_16BE)));
		return units;
	}

	private static List<byte[]> split(List<byte[]> units, int segment) {
		List<byte[]> bodies = new ArrayList<>();
		int start = 0;
		int size = 0;
		for (int i = 0; i < units.size(); i++) {
			if (size + units.get(i).length > segment) {
				bodies.add(join(units, start, i));
				start = i;
				size = 0;
			}
			size += units.get(i).length;
		}
		bodies.add(join(units, start, units.size()));
		return bodies;
	}

	private static byte[] join(List<byte[]> units, int from, int to) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		units.subList(from, to).forEach(out::writeBytes);
		return out.toByteArray();
	}

	private static List<byte[]> withHeaders(List<byte[]> bodies, int reference) {
		if (bodies.size() == 1) {
			return bodies;
		}
		List<byte[]> parts = new ArrayList<>(bodies.size());
		for (int i = 0; i < bodies.size(); i++) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			// UDH 05, IE 00 (concatenation, 8-bit ref), IE length 03, ref, total, seq
			out.writeBytes(new byte[] { 0x05, 0x00, 0x03, (byte) reference, (byte) bodies.size(), (byte) (i + 1) });
			out.writeBytes(bodies.get(i));
			parts.add(out.toByteArray());
		}
		return parts;
	}

	private static Map<Character, byte[]> septets() {
		Map<Character, byte[]> septets = new HashMap<>();
		for (int i = 0; i < BASIC.length(); i++) {
			if (i != ESCAPE) {
				septets.put(BASIC.charAt(i), new byte[] { (byte) i });
			}
		}
		for (int i = 0; i < EXTENSION.length(); i++) {
			septets.put(EXTENSION.charAt(i), new byte[] { ESCAPE, EXTENSION_CODES[i] });
		}
		return Map.copyOf(septets);
	}

	/**
	 * The short messages of one SMS and their {@code data_coding}.
	 */
	record Encoded(byte dataCoding, List<byte[]> parts) {

		boolean concatenated() {
			return this.parts.size() > 1;
		}

	}

}
