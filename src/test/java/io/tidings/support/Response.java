package io.tidings.support;

import java.net.http.HttpHeaders;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP response as the client saw it.
 */
public record Response(int status, HttpHeaders headers, String body, JsonMapper mapper) {

	public JsonNode json() {
		return this.mapper.readTree(this.body);
	}

	public String header(String name) {
		return this.headers.firstValue(name).orElse(null);
	}

	/**
	 * Asserts the status, showing the body when it differs.
	 */
	public Response expect(int status) {
		assertThat(this.status).as("HTTP status; body: %s", this.body).isEqualTo(status);
		return this;
	}

}
