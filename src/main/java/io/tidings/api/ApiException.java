package io.tidings.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error answered with the body of API.md §2.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final int code;

	private final transient HttpHeaders headers;

	public ApiException(HttpStatus status, int code, String message) {
		this(status, code, message, HttpHeaders.EMPTY);
	}

	/**
	 * An error answered with these headers too (e.g. {@code Retry-After}).
	 */
	public ApiException(HttpStatus status, int code, String message, HttpHeaders headers) {
		super(message);
		this.status = status;
		this.code = code;
		this.headers = headers;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

	public HttpStatus status() {
		return this.status;
	}

	public int code() {
		return this.code;
	}

	public static ApiException badRequest(String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER, message);
	}

	public static ApiException missing(String field) {
		return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.PARAMETER_MISSING, field + " is required");
	}

	public static ApiException notFound(String message) {
		return new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, message);
	}

	public static ApiException unprocessable(int code, String message) {
		return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, message);
	}

}
