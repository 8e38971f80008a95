package io.tidings.support;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the error body of API.md §2.
 */
public final class ErrorAssertions {

	private ErrorAssertions() {
	}

	public static void assertError(Response response, int status, int code) {
		response.expect(status);
		JsonNode body = response.json();
		assertThat(body.get("success").asBoolean()).isFalse();
		assertThat(body.get("status").asString()).isEqualTo("ERROR");
		assertThat(body.get("code").asInt()).isEqualTo(code);
		assertThat(body.get("message").asString()).isNotBlank();
		assertThat(body.get("traceId").asString()).isEqualTo(response.header("X-Trace-Id"));
	}

}
