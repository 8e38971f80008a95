package io.tidings.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
		request.setContent(BODY);
		HttpServletRequestWrapper declaresMore = new HttpServletRequestWrapper(request) {
			@Override
			public int getContentLength() {
				return BODY.length + 10;
			}
		};
		assertThat(JsonBody.read(declaresMore)).isEqualTo(BODY);
	}

	@Test
	void bodyWithoutADeclaredLengthIsReadToItsEnd() throws IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
		request.setContent(BODY);
		HttpServletRequestWrapper chunked = new HttpServletRequestWrapper(request) {
			@Override
			public int getContentLength() {
				return -1;
			}
		};
		assertThat(JsonBody.read(chunked)).isEqualTo(BODY);
	}

}
