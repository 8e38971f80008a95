package io.tidings.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBodyTests {

	private static final byte[] BODY = "{\"userDetails\":{\"number\":\"919876543210\"}}"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void bodyOfADeclaredLengthIsReadWhole() throws IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
		request.setContent(BODY);
		assertThat(request.getContentLength()).isEqualTo(BODY.length);
		assertThat(JsonBody.read(request)).isEqualTo(BODY);
	}

	@Test
	void bodyShorterThanDeclaredIsReadAsItCame() throws IOException {
		assertThat(JsonBody.read(declaring(BODY.length + 10))).isEqualTo(BODY);
	}

	@Test
	void bodyWithoutADeclaredLengthIsReadToItsEnd() throws IOException {
		assertThat(JsonBody.read(declaring(-1))).isEqualTo(BODY);
	}

	// the body, with another declared length (-1: none, as when chunked)
	private static HttpServletRequest declaring(int length) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
		request.setContent(BODY);
		return new HttpServletRequestWrapper(request) {
			@Override
			public int getContentLength() {
				return length;
			}
		};
	}

}
