package io.tidings.api;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body field by field, answering 400 with the field's full path when
 * a field is missing or of the wrong type.
 */
public final class JsonBody {

	private JsonBody() {
	}

	/**
	 * Parses a body that must be a JSON object.
	 */
	public static JsonNode object(JsonMapper json, byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw ApiException.badRequest("request body is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw ApiException.badRequest("request body must be a JSON object");
		}
		return root;
	}

	/**
	 * Parses a body that must be a JSON array.
	 */
	public static JsonNode array(JsonMapper json, byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw ApiException.badRequest("request body is not valid JSON");
		}
		if (root == null || !root.isArray()) {
			throw ApiException.badRequest("request body must be a JSON array of contacts");
		}
		return root;
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
	 * A string field; numbers are taken as their text.
	 */
	public static String optionalText(JsonNode parent, String name, String path) {
		JsonNode node = parent.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (node.isString() || node.isNumber()) {
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
