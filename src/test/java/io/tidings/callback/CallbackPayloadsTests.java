package io.tidings.callback;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import io.tidings.notification.StatusChange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackPayloadsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final CallbackPayloads payloads = new CallbackPayloads(this.json);

	private final UUID id = UUID.fromString("01a2009b-5356-79e0-84a1-ab95948814b5");

	@Test
	void yellowPayloadHasTheSeedFieldsAndMergesTheCustomPayload() {
		JsonNode body = this.json.readTree(this.payloads.of(change(CallbackFormat.YELLOW, Status.DELIVERED_USER,
				"{\"firstName\":\"Wasim\",\"phone\":\"91999999999\",\"UID\":\"Got the details\",\"msgId\":\"hijack\"}")));
		assertThat(body.get("event").get("status").asString()).isEqualTo("delivered");
		assertThat(body.get("userId").asString()).isEqualTo("919999999999");
		assertThat(body.get("source").asString()).isEqualTo("whatsapp");
		assertThat(body.get("campaign").asString()).isEqualTo("apiNotifications");
		assertThat(body.get("templateId").asString()).isEqualTo("video_button1");
		assertThat(body.get("msgId").asString()).isEqualTo(this.id.toString());
		assertThat(body.get("workflowId").isNull()).isTrue();
		assertThat(body.get("firstName").asString()).isEqualTo("Wasim");
		assertThat(body.get("UID").asString()).isEqualTo("Got the details");
	}

	@Test
	void yellowFailureCarriesItsErrorAndReplyCarriesTheText() {
		JsonNode failed = this.json.readTree(this.payloads.yellow(change(CallbackFormat.YELLOW, Status.FAILED, null)));
		assertThat(failed.get("event").get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("event").get("error").get("code").asInt()).isEqualTo(14272);
		JsonNode replied = this.json.readTree(this.payloads.yellow(change(CallbackFormat.YELLOW, Status.REPLY, null)));
		assertThat(replied.get("event").get("status").asString()).isEqualTo("replied");
		assertThat(replied.get("event").get("reply").asString()).isEqualTo("Hello");
	}

	@Test
	void jelouPayloadHasTheSeedFields() {
		JsonNode failed = this.json.readTree(this.payloads.of(change(CallbackFormat.JELOU, Status.FAILED, null)));
		assertThat(failed.get("status").asString()).isEqualTo("FAILED");
		assertThat(failed.get("timestamp").asLong()).isEqualTo(1672160621946L);
		assertThat(failed.get("isFinalEvent").asBoolean()).isTrue();
		assertThat(failed.get("destination").asString()).isEqualTo("919999999999");
		assertThat(failed.get("id").asString()).isEqualTo(this.id.toString());
		assertThat(failed.get("error").asString()).isEqualTo("Number Does Not Exists On WhatsApp");
		JsonNode read = this.json.readTree(this.payloads.of(change(CallbackFormat.JELOU, Status.READ, null)));
		assertThat(read.get("isFinalEvent").asBoolean()).isFalse();
		assertThat(read.has("error")).isFalse();
	}

	@Test
	void finalEventsDependOnTheChannel() {
		assertThat(CallbackPayloads.isFinal(Channel.SMS, Status.DELIVERED_USER)).isTrue();
		assertThat(CallbackPayloads.isFinal(Channel.WHATSAPP, Status.DELIVERED_USER)).isFalse();
		assertThat(CallbackPayloads.isFinal(Channel.EMAIL, Status.DELIVERED_CHANNEL)).isTrue();
		assertThat(CallbackPayloads.isFinal(Channel.WHATSAPP, Status.REPLY)).isTrue();
		assertThat(CallbackPayloads.isFinal(Channel.WHATSAPP, Status.CREATED)).isFalse();
	}

	private StatusChange change(CallbackFormat format, Status status, String custom) {
		return new StatusChange(this.id, "bot", Channel.WHATSAPP, Origin.API, format, status,
				Instant.ofEpochMilli(1672160621946L), (status == Status.FAILED) ? 14272 : null,
				(status == Status.FAILED) ? "Number Does Not Exists On WhatsApp" : null,
				(status == Status.REPLY) ? "Hello" : null, "919999999999", "video_button1", null, custom, null);
	}

}
