package io.tidings.api.messages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Messages surface's answer: {@code {"status": "SUCCESS", "message": "...", "data":
 * ...}}.
 */
final class Envelope {

	private Envelope() {
	}

	/**
	 * A page of a list: {@code data: {items, total}}.
	 */
	static Map<String, Object> list(String message, List<?> items, long total) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("items", items);
		data.put("total", total);
		return of(message, data);
	}

	static Map<String, Object> of(String message, Object data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("status", "SUCCESS");
		envelope.put("message", message);
		envelope.put("data", data);
		return envelope;
	}

}
