package io.tidings.api;

import io.tidings.bot.BotNotFoundException;
import io.tidings.callback.UnsafeWebhookTargetException;
import io.tidings.campaign.CampaignException;
import io.tidings.common.DatabaseFailures;
import io.tidings.common.InvalidFieldException;
import io.tidings.common.LogSafe;
import io.tidings.report.ReportMailUnavailableException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into the error body of API.md §2; a 5xx never shows a stack trace.
 */
@RestControllerAdvice
class ApiErrors {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ErrorBody> api(ApiException ex) {
		return ResponseEntity.status(ex.status()).headers(ex.headers()).body(ErrorBody.of(ex.code(), ex.getMessage()));
	}

	@ExceptionHandler(BotNotFoundException.class)
	ResponseEntity<ErrorBody> botNotFound(BotNotFoundException ex) {
		return body(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(UnsafeWebhookTargetException.class)
	ResponseEntity<ErrorBody> unsafeWebhook(UnsafeWebhookTargetException ex) {
		return body(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCodes.INVALID_PARAMETER, ex.getMessage());
	}

	@ExceptionHandler(InvalidFieldException.class)
	ResponseEntity<ErrorBody> invalidField(InvalidFieldException ex) {
		return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER, ex.getMessage());
	}

	@ExceptionHandler(CampaignException.class)
	ResponseEntity<ErrorBody> campaign(CampaignException ex) {
		return switch (ex.reason()) {
			case NOT_FOUND -> body(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, ex.getMessage());
			case UNPROCESSABLE -> body(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCodes.INVALID_PARAMETER, ex.getMessage());
			case INVALID -> body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER, ex.getMessage());
			case CONFLICT -> body(HttpStatus.CONFLICT, ErrorCodes.INVALID_PARAMETER, ex.getMessage());
		};
	}

	@ExceptionHandler(ReportMailUnavailableException.class)
	ResponseEntity<ErrorBody> reportMail(ReportMailUnavailableException ex) {
		return body(HttpStatus.UNPROCESSABLE_CONTENT, ErrorCodes.INVALID_PARAMETER, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException ex) {
		if (causedBy(ex, BodySizeFilter.TooLargeException.class)) {
			return body(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.INVALID_PARAMETER,
					"request body is larger than 256 KiB");
		}
		return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER, "request body is not valid JSON");
	}

	/**
	 * A body past the limit, read by a handler that takes the raw request.
	 */
	@ExceptionHandler(BodySizeFilter.TooLargeException.class)
	ResponseEntity<ErrorBody> tooLarge(BodySizeFilter.TooLargeException ex) {
		return body(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.INVALID_PARAMETER, "request body is larger than 256 KiB");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException ex) {
		String given = (ex.getContentType() != null) ? ex.getContentType().toString() : "none";
		return body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCodes.INVALID_PARAMETER,
				"Content-Type must be one of " + ex.getSupportedMediaTypes() + " (was " + given + ")");
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException ex) {
		return body(HttpStatus.NOT_ACCEPTABLE, ErrorCodes.INVALID_PARAMETER, "the requested media type is not served");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException ex) {
		return body(HttpStatus.METHOD_NOT_ALLOWED, ErrorCodes.METHOD, ex.getMethod() + " is not supported here");
	}

	// Tomcat's parameter parsing refuses a query it cannot read (a parameter without a
	// name, a broken escape): the client's mistake
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ErrorBody> malformedQuery(InvalidParameterException ex) {
		return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER,
				"the query string is malformed (a parameter without a name, or a broken %-escape)");
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException ex) {
		return body(HttpStatus.BAD_REQUEST, ErrorCodes.PARAMETER_MISSING, ex.getParameterName() + " is required");
	}

	@ExceptionHandler(MissingRequestHeaderException.class)
	ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException ex) {
		return body(HttpStatus.BAD_REQUEST, ErrorCodes.PARAMETER_MISSING, ex.getHeaderName() + " header is required");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER, ex.getName() + " has an invalid value");
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ErrorBody> noResource(NoResourceFoundException ex) {
		return body(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, "no such resource: /" + ex.getResourcePath());
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
	ResponseEntity<ErrorBody> databaseDown(RuntimeException ex) {
		log.error("Database unavailable: {}", DatabaseFailures.describe(ex));
		return body(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.SERVICE,
				"the service is temporarily unavailable, try again later");
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ErrorBody> unexpected(Exception ex) {
		if (unstorableCharacter(ex)) {
			// PostgreSQL refuses NUL and characters outside UTF-8 in text: the client's
			// value
			return body(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_PARAMETER,
					"a value holds a character that cannot be stored (NUL or invalid UTF-8)");
		}
		if (DatabaseFailures.unreachable(ex)) {
			return databaseDown((ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex));
		}
		log.error("Unexpected error", LogSafe.redacted(ex));
		return body(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.SERVICE,
				"internal error; quote traceId " + TraceId.current() + " when reporting it");
	}

	static ResponseEntity<ErrorBody> body(HttpStatus status, int code, String message) {
		return ResponseEntity.status(status).body(ErrorBody.of(code, message));
	}

	private static boolean unstorableCharacter(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof java.sql.SQLException sql
					&& ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
				return true;
			}
		}
		return false;
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

}
