package io.tidings.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body field by field, answering 400 with the field's full path when
 * a field is missing or of the wrong type.
 */
public final class JsonBody {

	private static final int MAX_NUMBER_DIGITS = 15;

	private JsonBody() {
	}

	/**
	 * The request's body. A declared length within the size limit is read into an array
	 * of that size: {@code readAllBytes} starts every body with a 16 KiB buffer and
	 * copies it (2.9% of the JVM's samples per push, for bodies of a few hundred bytes).
	 * Tomcat ends the stream at the declared length; a shorter body is returned as it
	 * came.
	 */
	public static byte[] read(HttpServletRequest request) throws IOException {
		int length = request.getContentLength();
		InputStream in = request.getInputStream();
		if (length < 0 || length > BodySizeFilter.LIMIT) {
			return in.readAllBytes();
		}
		byte[] body = new byte[length];
		int read = in.readNBytes(body, 0, length);
		return (read == length) ? body : Arrays.copyOf(body, read);
	}

	/**
	 * Parses a body that must be a JSON object.
	 */
	public static JsonNode object(JsonMapper json, byte[] body) {
		JsonNode root = parse(json, body);
		if (root == null || !root.isObject()) {
			throw ApiException.badRequest("request body must be a JSON object");
		}
		return root;
	}

	/**
	 * Parses a body that must be a JSON array.
	 */
	public static JsonNode array(JsonMapper json, byte[] body) {
		JsonNode root = parse(json, body);
		if (root == null || !root.isArray()) {
			throw ApiException.badRequest("request body must be a JSON array of contacts");
		}
		return root;
	}

	/**
	 * Parses strictly (API.md §13): no byte order mark, only valid UTF-8, no duplicate
	 * keys, and no text holding a NUL character or half a surrogate pair, each refused
	 * naming the body or the field.
	 */
	private static JsonNode parse(JsonMapper json, byte[] body) {
		if (body == null) {
			return null;
		}
		if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
			throw ApiException.badRequest("request body must not start with a byte order mark");
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body));
		}
		catch (CharacterCodingException ex) {
			throw ApiException.badRequest("request body is not valid UTF-8");
		}
		JsonNode root;
		try {
			root = json.readerFor(JsonNode.class).with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readValue(body);
		}
		catch (StreamReadException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			if (message.startsWith("Duplicate")) {
				throw ApiException.badRequest("request body has a duplicate key: "
						+ printable(message.replaceAll("^[^\"]*\"([^\"]{0,64}).*$", "$1")));
			}
			throw ApiException.badRequest("request body is not valid JSON");
		}
		catch (JacksonException ex) {
			throw ApiException.badRequest("request body is not valid JSON");
		}
		if (root != null) {
			checkText(root, "");
		}
		return root;
	}

	private static void checkText(JsonNode node, String path) {
		if (node.isString()) {
			checkString(node.asString(), path.isEmpty() ? "request body" : path);
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				checkString(field.getKey(), fieldPath);
				checkText(field.getValue(), fieldPath);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				checkText(node.get(i), path + "[" + i + "]");
			}
		}
	}

	private static void checkString(String value, String path) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == 0) {
				throw ApiException.badRequest(printable(path) + " must not contain a NUL character");
			}
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < value.length()
						&& Character.isLowSurrogate(value.charAt(i + 1))) {
					i++;
					continue;
				}
				throw ApiException.badRequest(printable(path) + " must be valid Unicode");
			}
		}
	}

	/**
	 * A field path fit for an error message: control characters and overlong names cut.
	 */
	private static String printable(String path) {
		String cleaned = path.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
		return (cleaned.length() > 100) ? cleaned.substring(0, 100) + "..." : cleaned;
	}

	public static JsonNode requiredObject(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			throw ApiException.missing(path);
		}
		if (!node.isObject()) {
			throw ApiException.badRequest(path + " must be an object");
		}
		return node;
	}

	public static JsonNode optionalObject(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			throw ApiException.badRequest(path + " must be an object");
		}
		return node;
	}

	public static String requiredText(JsonNode parent, String name, String path) {
		String value = optionalText(parent, name, path);
		if (value == null || value.isBlank()) {
			throw ApiException.missing(path);
		}
		return value;
	}

	/**
	 * A string field; a whole number of at most 15 digits (the longest phone number, as
	 * clients send them) is taken as its text, any other number is refused (API.md §13:
	 * {@code 1e400} must not become the text "Infinity").
	 */
	public static String optionalText(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return node.asString();
		}
		if (node.isNumber()) {
			if (!node.isIntegralNumber() || node.bigIntegerValue().abs().toString().length() > MAX_NUMBER_DIGITS) {
				throw ApiException.badRequest(path + " must be a string; a number here has at most " + MAX_NUMBER_DIGITS
						+ " digits and no fraction or exponent");
			}
			return node.asString();
		}
		throw ApiException.badRequest(path + " must be a string");
	}

	public static Boolean optionalBoolean(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isBoolean()) {
			throw ApiException.badRequest(path + " must be true or false");
		}
		return node.booleanValue();
	}

	public static Integer optionalInt(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToInt()) {
			throw ApiException.badRequest(path + " must be a whole number");
		}
		return node.intValue();
	}

	/**
	 * A string or an array of strings, as a list.
	 */
	public static List<String> stringOrArray(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString()) {
			return List.of(node.asString());
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			for (int i = 0; i < node.size(); i++) {
				if (!node.get(i).isString()) {
					throw ApiException.badRequest(path + "[" + i + "] must be a string");
				}
				values.add(node.get(i).asString());
			}
			return values;
		}
		throw ApiException.badRequest(path + " must be a string or an array of strings");
	}

}
