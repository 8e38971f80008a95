package io.tidings.api;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.MDC;

/**
 * The trace id of the request being handled, as sent in {@code X-Trace-Id} and in error
 * bodies.
 */
public final class TraceId {

	static final String KEY = "traceId";

	private TraceId() {
	}

	public static String current() {
		String id = MDC.get(KEY);
		return (id != null) ? id : "";
	}

	static String generate() {
		return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

}
