package io.tidings.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.tidings.support.IntegrationTest;
import io.tidings.support.Response;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile phone numbers, bodies and raw requests (API.md §13): each answered with a 4xx
 * and the error body of §2 with its {@code X-Trace-Id}, never a 5xx.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIntegrationTests {

	private static final String PUSH = "{\"userDetails\":{\"number\":%s},\"notification\":{\"type\":\"whatsapp\","
			+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}";

	private static final String EMAIL_PUSH = "{\"userDetails\":{\"email\":\"asha@example.com\"%s},"
			+ "\"notification\":{\"type\":\"email\",\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}";

	@Autowired
	TidingsClient client;

	private TestBot bot;

	@BeforeAll
	void createBot() {
		this.bot = this.client.newBot(null);
	}

	static Stream<String> hostilePhoneNumbers() {
		List<String> strings = List.of("+-919876543210", "-919876543210", "919876543210--", "++919876543210",
				"+91+9876543210", "91987654321O",
				"\uFF19\uFF11\uFF19\uFF18\uFF17\uFF16\uFF15\uFF14\uFF13\uFF12\uFF11\uFF10", "919876543210\u0000",
				"\u0000919876543210", "91987\n6543210", "91987\r\n6543210", "91987\t6543210", "+91 98765 43210;",
				"+91 98765 43210 ext 12", "tel:+919876543210", "+91_9876543210", "+91/9876543210", "+91,9876543210",
				"919876543210#", "*919876543210", "+ 919876543210", "--919876543210", "+91..9876543210",
				"+91--9876543210", "+91 -- 9876543210", "' OR 1=1 --", "919876543210' OR '1'='1",
				"<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "%00919876543210", "%2B919876543210",
				"0x919876543210", "9.19876543210E11", "1e308", "-1", "0", "", " ", "+", "()", "(((((((((",
				"919876543210919876543210919876543210", "9".repeat(1000),
				"\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",
				"\u096F\u0967\u096F\u096E\u096D\u096C\u096B\u096A\u0969\u0968\u0967\u0966", "919876543210\u202E",
				"\u200B919876543210", "919 876 543 210\u00A0", "+91 98765 43210\u2028", "null", "undefined", "NaN",
				"Infinity", "+91 98765 43210\\", "\"919876543210\"", "[919876543210]", "{\"a\":1}", "12", "+91 1",
				"+999 123456789", "91-98765-43210-", ".919876543210", "919876543210.", "(91) 98765 43210 (",
				"+91 98765 43210 +", "\uD83D\uDCDE919876543210", "+\u0000919876543210", "9198765\u00AD43210");
		List<String> json = new ArrayList<>();
		strings.forEach((s) -> json.add(quote(s)));
		json.addAll(List.of("-919876543210", "-1", "9.1e11", "1e400", "true", "[]", "{}", "[\"919876543210\"]",
				"{\"number\":\"919876543210\"}", "919876543210.5", "0"));
		return json.stream();
	}

	@ParameterizedTest
	@MethodSource("hostilePhoneNumbers")
	void hostilePhoneNumbersAreRefusedNamingTheField(String number) {
		Response response = this.bot.push(PUSH.formatted(number));
		assertError(response, 400);
		assertThat(response.json().get("message").asString()).contains("userDetails.number");
	}

	static Stream<Arguments> hostileBodies() {
		String push = PUSH.formatted("\"919876543210\"");
		return Stream.of(Arguments.of("byte order mark", bytes("\uFEFF" + push), "byte order mark"),
				Arguments.of("overlong UTF-8 in a param",
						replace(push, "Asha", new byte[] { 'A', (byte) 0xC0, (byte) 0xAF }), "UTF-8"),
				Arguments.of("3-byte overlong UTF-8",
						replace(push, "Asha", new byte[] { (byte) 0xE0, (byte) 0x80, (byte) 0xAF }), "UTF-8"),
				Arguments.of("lone continuation byte", replace(push, "Asha", new byte[] { (byte) 0x80 }), "UTF-8"),
				Arguments.of("NUL in a param", bytes(push.replace("Asha", "As\\u0000ha")), "notification.params.1"),
				Arguments.of("NUL in the sender",
						bytes(push.replace("\"templateId\"", "\"sender\":\"ACME\\u0000\",\"templateId\"")),
						"notification.sender"),
				Arguments.of("NUL in a key", bytes(push.replace("\"1\":", "\"1\\u0000\":")), "NUL"),
				Arguments.of("raw NUL byte", replace(push, "Asha", new byte[] { 'A', 0, 'B' }), "JSON"),
				Arguments.of("lone surrogate", bytes(push.replace("Asha", "\\ud800")), "notification.params.1"),
				Arguments.of("duplicate number",
						bytes(push.replace("{\"number\":\"919876543210\"}",
								"{\"number\":\"+-1\",\"number\":\"919876543210\"}")),
						"duplicate key"),
				Arguments.of("duplicate notification", bytes(push.replace("}}}", "}},\"notification\":{}}")),
						"duplicate key"),
				Arguments.of("truncated", bytes(push.substring(0, push.length() / 2)), "JSON"),
				Arguments.of("empty", new byte[0], "body"), Arguments.of("null", bytes("null"), "body"),
				Arguments.of("array", bytes("[]"), "body"),
				Arguments.of("deep nesting", bytes("[".repeat(5000) + "]".repeat(5000)), "body"),
				Arguments.of("a param that is an object", bytes(push.replace("\"Asha\"", "{\"a\":1}")),
						"notification.params.1"),
				Arguments.of("51 cc addresses",
						bytes(EMAIL_PUSH
							.formatted(",\"cc\":[" + "\"c@example.com\",".repeat(50) + "\"d@example.com\"]")),
						"userDetails.cc"),
				Arguments
					.of("cc and bcc over 50", bytes(EMAIL_PUSH.formatted(",\"cc\":[" + "\"c@example.com\",".repeat(29)
							+ "\"d@example.com\"],\"bcc\":[" + "\"b@example.com\",".repeat(20) + "\"e@example.com\"]")),
							"userDetails.cc"),
				Arguments.of("101 params", bytes(push.replace("\"params\":{", "\"params\":{" + params(101) + ",")),
						"notification.params"),
				Arguments.of("a param of 4097 characters", bytes(push.replace("Asha", "x".repeat(4097))),
						"notification.params.1"),
				Arguments.of("customPayload over 8 KiB",
						bytes(push.replace("}}}",
								"}},\"config\":{\"customPayload\":{\"a\":\"" + "x".repeat(8200) + "\"}}}")),
						"config.customPayload"),
				Arguments.of("UTF-16 body", push.getBytes(StandardCharsets.UTF_16), "body"),
				Arguments.of("postbackUrl not http",
						bytes(push.replace("}}}", "}},\"config\":{\"postbackUrl\":\"javascript:alert(1)\"}}")),
						"config.postbackUrl"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileBodies")
	void hostileBodiesAreRefusedNamingTheFieldOrTheBody(String name, byte[] body, String named) {
		Response response = this.client.raw("POST", "/api/engagements/notifications/v2/push?bot=" + this.bot.id(),
				HttpRequest.BodyPublishers.ofByteArray(body), "x-api-key", this.bot.key(), "Content-Type",
				"application/json");
		assertError(response, 400);
		assertThat(response.json().get("message").asString()).contains(named);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "&=y", "&x=%zz", "&x=%", "&=" })
	void malformedQueryIsBadRequestWithTheErrorBody(String tail) throws IOException {
		String body = "{\"userDetails\":{\"number\":\"919876543210\"},\"notification\":{\"type\":\"whatsapp\","
				+ "\"templateId\":\"welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-1\"}}}";
		RawResponse response = raw("POST /api/engagements/notifications/v2/push?bot=" + this.bot.id() + tail
				+ " HTTP/1.1\r\nHost: a\r\nx-api-key: " + this.bot.key()
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
		assertThat(response.status()).as(response.toString()).isEqualTo(400);
		assertThat(response.header("x-trace-id")).isNotBlank();
		JsonNode error = this.client.json(response.body());
		assertThat(error.get("message").asString()).contains("query string");
		assertThat(error.get("traceId").asString()).isEqualTo(response.header("x-trace-id"));
	}

	static Stream<Arguments> requestsTheContainerRefuses() {
		return Stream.of(Arguments.of("raw pipe in the path", "GET /v1/bots|x HTTP/1.1\r\nHost: a\r\n\r\n"),
				Arguments.of("encoded NUL in the path", "GET /v1/bots/%00 HTTP/1.1\r\nHost: a\r\n\r\n"),
				Arguments.of("jsessionid path parameter", "GET /v1/bots;jsessionid=1 HTTP/1.1\r\nHost: a\r\n\r\n"),
				Arguments.of("bad percent encoding", "GET /v1/%zz HTTP/1.1\r\nHost: a\r\n\r\n"),
				Arguments.of("16 KiB header",
						"GET /v1/bots HTTP/1.1\r\nHost: a\r\nX-Big: " + "a".repeat(16 * 1024) + "\r\n\r\n"),
				Arguments.of("10,000-character query",
						"GET /v1/bots?q=" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n"),
				Arguments.of("malformed header line", "GET /v1/bots HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n"),
				Arguments.of("garbage request line", "GARBAGE\r\n\r\n"),
				Arguments.of("no Host header", "GET /v1/bots HTTP/1.1\r\n\r\n"), Arguments
					.of("control character in a header", "GET /v1/bots HTTP/1.1\r\nHost: a\r\nX-A: a\u0001b\r\n\r\n"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requestsTheContainerRefuses")
	void requestsTheContainerRefusesGetTheErrorBodyToo(String name, String request) throws IOException {
		RawResponse response = raw(request);
		assertThat(response.status()).as(response.toString()).isBetween(400, 499);
		String traceId = response.header("x-trace-id");
		assertThat(traceId).as(response.toString()).isNotBlank();
		JsonNode body = this.client.json(response.body());
		assertThat(body.get("success").asBoolean()).isFalse();
		assertThat(body.get("status").asString()).isEqualTo("ERROR");
		assertThat(body.get("message").asString()).isNotBlank();
		assertThat(body.get("traceId").asString()).isEqualTo(traceId);
	}

	private RawResponse raw(String request) throws IOException {
		int port = Integer.parseInt(this.client.baseUrl().replaceAll(".*:", ""));
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			in.transferTo(all);
			String text = all.toString(StandardCharsets.UTF_8);
			int split = text.indexOf("\r\n\r\n");
			String head = (split < 0) ? text : text.substring(0, split);
			String body = (split < 0) ? "" : text.substring(split + 4);
			if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
				body = dechunk(body);
			}
			return new RawResponse(Integer.parseInt(head.split(" ")[1]), head, body);
		}
	}

	private static String dechunk(String chunked) {
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int eol = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
			if (size == 0) {
				break;
			}
			out.append(chunked, eol + 2, eol + 2 + size);
			at = eol + 2 + size + 2;
		}
		return out.toString();
	}

	private static void assertError(Response response, int status) {
		assertThat(response.status()).as("status; body %s", response.body()).isEqualTo(status);
		JsonNode body = response.json();
		assertThat(body.get("success").asBoolean()).isFalse();
		assertThat(body.get("status").asString()).isEqualTo("ERROR");
		assertThat(body.get("message").asString()).isNotBlank();
		assertThat(body.get("traceId").asString()).isEqualTo(response.header("X-Trace-Id")).isNotBlank();
	}

	private static String params(int count) {
		StringBuilder out = new StringBuilder();
		for (int i = 3; i < count + 3; i++) {
			out.append((i > 3) ? "," : "").append("\"p").append(i).append("\":\"v\"");
		}
		return out.toString();
	}

	private static String quote(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20 || Character.isSurrogate(c) || c == 0x2028 || c == 0x202E) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.append('"').toString();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] replace(String body, String target, byte[] replacement) {
		byte[] source = bytes(body);
		byte[] find = bytes(target);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < source.length; i++) {
			if (i + find.length <= source.length
					&& java.util.Arrays.equals(java.util.Arrays.copyOfRange(source, i, i + find.length), find)) {
				out.writeBytes(replacement);
				i += find.length - 1;
			}
			else {
				out.write(source[i]);
			}
		}
		return out.toByteArray();
	}

	private record RawResponse(int status, String head, String body) {

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

	}

}
