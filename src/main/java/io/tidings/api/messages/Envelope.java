package io.tidings.api.messages;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Messages surface's answer: {@code {"status": "SUCCESS", "message": "...", "data":
 * ...}}.
 */
final class Envelope {

	private Envelope() {
	}

	static Map<String, Object> of(String message, Object data) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("status", "SUCCESS");
		envelope.put("message", message);
		envelope.put("data", data);
		return envelope;
	}

}
