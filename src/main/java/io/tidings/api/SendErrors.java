package io.tidings.api;

import io.tidings.notification.SendRejectedException;

import org.springframework.http.HttpStatus;

/**
 * Maps refused sends to API.md §2 errors, with the field names of the surface that asked.
 *
 * @param recipientField the path of the recipient on this surface
 * @param templateField the path of the template name on this surface
 * @param paramsField the path of the params on this surface
 */
public record SendErrors(String recipientField, String templateField, String paramsField) {

	public ApiException toApi(SendRejectedException ex) {
		String subject = ex.subject();
		return switch (ex.reason()) {
			case BOT_NOT_FOUND -> ApiException.notFound("Bot " + subject + " not found");
			case API_ACCESS_DISABLED ->
				new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.METHOD, "API access is not enabled");
			case CHANNEL_NOT_CONFIGURED -> ApiException.unprocessable(ErrorCodes.INVALID_PARAMETER,
					"Channel " + subject + " is not configured for this bot");
			case INVALID_RECIPIENT -> invalidRecipient(subject);
			case TEMPLATE_MISSING -> ApiException.unprocessable(ErrorCodes.TEMPLATE,
					this.templateField + ": template " + subject + " does not exist");
			case TEMPLATE_PAUSED -> ApiException.unprocessable(ErrorCodes.TEMPLATE,
					this.templateField + ": template " + subject + " is paused");
			case TEMPLATE_PENDING -> ApiException.unprocessable(ErrorCodes.TEMPLATE,
					this.templateField + ": template " + subject + " is pending approval");
			case OPTED_OUT ->
				ApiException.unprocessable(ErrorCodes.INVALID_RECIPIENT, this.recipientField + " has opted out");
			case TEMPLATE_NOT_APPROVED -> ApiException.unprocessable(ErrorCodes.TEMPLATE,
					this.templateField + ": template " + subject + " is not approved");
			case TEMPLATE_LOW_QUALITY -> ApiException.unprocessable(ErrorCodes.TEMPLATE,
					"Template:" + subject + " has reached low quality and cannot be used");
			case MISSING_PARAMS -> ApiException.unprocessable(ErrorCodes.PARAMETER_COUNT,
					this.paramsField + " does not cover the placeholders of template " + subject + ": missing "
							+ String.join(", ", ex.missing()));
			case IDEMPOTENCY_MISMATCH -> ApiException.unprocessable(ErrorCodes.INVALID_PARAMETER,
					"Idempotency-Key " + subject + " was already used with a different request body");
			case OUTSIDE_WINDOW -> ApiException.unprocessable(ErrorCodes.OUTSIDE_WINDOW,
					"Message failed to send because more than 24 hours have passed since the customer last replied to this number");
			case OVERLOADED -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.OVERLOADED,
					"the service is overloaded, try again later");
			case TEMPLATE_LANGUAGE_MISSING -> ApiException.unprocessable(ErrorCodes.TEMPLATE,
					this.templateField + ": template " + subject + " does not exist; its languages are "
							+ String.join(", ", ex.missing())
							+ (subject.contains(" in language ") ? "" : " (name one in the language field)"));
			case IDEMPOTENCY_IN_PROGRESS -> new ApiException(HttpStatus.CONFLICT, ErrorCodes.INVALID_PARAMETER,
					"a request with Idempotency-Key " + subject + " is still being processed; retry after 1 second",
					retryAfterOneSecond());
		};
	}

	private static org.springframework.http.HttpHeaders retryAfterOneSecond() {
		org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
		headers.set(org.springframework.http.HttpHeaders.RETRY_AFTER, "1");
		return headers;
	}

	private ApiException invalidRecipient(String field) {
		return switch (field) {
			case "cc", "bcc" -> ApiException.badRequest("userDetails." + field + " must hold valid email addresses");
			default -> ApiException.badRequest(this.recipientField + " is not a valid "
					+ (this.recipientField.endsWith("email") ? "email address" : "phone number"));
		};
	}

}
