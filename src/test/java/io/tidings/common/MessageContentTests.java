package io.tidings.common;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered content as stored with every notification: only the fields a message uses.
 */
class MessageContentTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void fieldsAMessageDoesNotUseAreLeftOutAndReadBackAsNull() {
		MessageContent sms = new MessageContent("template", "en", null, null, "Your code is 123456", null,
				List.of("123456"), null, null, null, null, null, null);
		String stored = this.json.writeValueAsString(sms);
		assertThat(stored).isEqualTo(
				"{\"kind\":\"template\",\"language\":\"en\",\"text\":\"Your code is 123456\",\"bodyParams\":[\"123456\"]}");
		assertThat(this.json.readValue(stored, MessageContent.class)).isEqualTo(sms);
	}

	@Test
	void contentStoredWithItsNullsStillReadsTheSame() {
		String before = "{\"cc\": null, \"bcc\": null, \"kind\": \"text\", \"text\": \"hi\", \"media\": [{\"link\": "
				+ "\"https://example.com/a.jpg\", \"title\": null, \"filename\": null}], \"footer\": null, \"header\": null, "
				+ "\"subject\": null, \"language\": null, \"location\": null, \"urlParams\": null, \"bodyParams\": null, "
				+ "\"quickReplies\": null}";
		MessageContent read = this.json.readValue(before, MessageContent.class);
		assertThat(read).isEqualTo(new MessageContent("text", null, null, null, "hi", null, null,
				List.of(new MessageContent.Media("https://example.com/a.jpg", null, null)), null, null, null, null,
				null));
		assertThat(this.json.writeValueAsString(read))
			.isEqualTo("{\"kind\":\"text\",\"text\":\"hi\",\"media\":[{\"link\":\"https://example.com/a.jpg\"}]}");
	}

}
