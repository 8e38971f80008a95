package io.tidings.api;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.Parameters;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class QueryParamsTests {

	@Test
	void firstParameterIsReadAsTomcatReadsItForEveryQueryOfPlainCharacters() {
		Random random = new Random(11);
		String[] pieces = { "bot", "bo", "bott", "x", "=", "&", "a", "b1", "-", ".", "_", "~", ";", "bot=", "&bot" };
		int readHere = 0;
		for (int i = 0; i < 20_000; i++) {
			StringBuilder query = new StringBuilder();
			int n = random.nextInt(8);
			for (int j = 0; j < n; j++) {
				query.append(pieces[random.nextInt(pieces.length)]);
			}
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
			request.setQueryString(query.toString());
			String tomcat;
			try {
				tomcat = tomcat(query.toString(), "bot");
			}
			catch (RuntimeException parseFailure) {
				// a query Tomcat fails to parse must be left to it
				request.setParameter("bot", "from the container");
				assertThat(QueryParams.first(request, "bot")).as(query.toString()).isEqualTo("from the container");
				continue;
			}
			if (tomcat != null) {
				request.setParameter("bot", tomcat);
			}
			assertThat(QueryParams.first(request, "bot")).as(query.toString()).isEqualTo(tomcat);
			readHere++;
		}
		// most of them are read here, not by the container
		assertThat(readHere).isGreaterThan(10_000);
	}

	@Test
	void queriesThatNeedDecodingAreLeftToTheContainer() {
		for (String query : new String[] { "bot=a%62", "bot=a+b", "b%6Ft=x", "bot=caf\u00e9", "bot=a b",
				"bot=" + "x".repeat(300) }) {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/p");
			request.setQueryString(query);
			request.setParameter("bot", "from the container");
			assertThat(QueryParams.first(request, "bot")).as(query).isEqualTo("from the container");
		}
	}

	@Test
	void absentQueryHasNoParameter() {
		assertThat(QueryParams.first(new MockHttpServletRequest("POST", "/p"), "bot")).isNull();
	}

	private static String tomcat(String query, String name) {
		Parameters parameters = new Parameters();
		MessageBytes bytes = MessageBytes.newInstance();
		bytes.setString(query);
		parameters.setQuery(bytes);
		parameters.setCharset(StandardCharsets.UTF_8);
		parameters.setQueryStringCharset(StandardCharsets.UTF_8);
		parameters.handleQueryParameters();
		return parameters.getParameter(name);
	}

}
