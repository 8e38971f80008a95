package io.tidings.api;

/**
 * The error body of API.md §2.
 */
public record ErrorBody(boolean success, String status, int code, String message, String traceId) {

	public static ErrorBody of(int code, String message) {
		return new ErrorBody(false, "ERROR", code, message, TraceId.current());
	}

}
