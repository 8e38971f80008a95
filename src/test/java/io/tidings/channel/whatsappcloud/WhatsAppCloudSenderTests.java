package io.tidings.channel.whatsappcloud;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.MessageContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

class WhatsAppCloudSenderTests {

	private static final String PATH = "/v21.0/1055/messages";

	private final WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private Provider provider;

	@BeforeEach
	void start() {
		this.graph.start();
		this.graph.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"messages\":[{\"id\":\"wamid.OK\"}]}")));
		this.provider = new WhatsAppCloudProviderFactory(JsonMapper.builder().build()).create("bot",
				Map.of("phoneNumberId", "1055", "accessToken", "EAAG-token", "baseUrl", this.graph.baseUrl(),
						"timeoutMillis", 30_000),
				(receipts) -> {
				});
	}

	@AfterEach
	void stop() {
		this.graph.stop();
	}

	@Test
	void templateSendCarriesHeaderMediaBodyParametersAndButtons() {
		MessageContent content = new MessageContent("template", "es", null, null, "Hola Asha", null,
				List.of("Asha", "A-1"),
				List.of(new MessageContent.Media("https://cdn.example.com/promo.jpg", null, null)),
				List.of("payload 1"), Map.of("buttonText", "pricing-ai-chatbot"), null, null, null);
		assertThat(send(content, "order_update")).isEqualTo(new SendResult.Accepted("wamid.OK"));
		this.graph.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer EAAG-token"))
			.withRequestBody(equalToJson(
					"""
							{"messaging_product":"whatsapp","recipient_type":"individual","to":"919876543215","type":"template",
							 "template":{"name":"order_update","language":{"code":"es"},"components":[
							  {"type":"header","parameters":[{"type":"image","image":{"link":"https://cdn.example.com/promo.jpg"}}]},
							  {"type":"body","parameters":[{"type":"text","text":"Asha"},{"type":"text","text":"A-1"}]},
							  {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"payload 1"}]},
							  {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"pricing-ai-chatbot"}]}]}}""")));
	}

	@Test
	void sessionMessagesUseTextImageDocumentAndLocation() {
		send(message("text", "Hello", null, null), null);
		this.graph.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
				"{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"919876543215\",\"type\":\"text\","
						+ "\"text\":{\"preview_url\":false,\"body\":\"Hello\"}}")));
		send(message("image", null, new MessageContent.Media("https://e.com/a.png", "Look", null), null), null);
		this.graph.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
				"{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"919876543215\",\"type\":\"image\","
						+ "\"image\":{\"link\":\"https://e.com/a.png\",\"caption\":\"Look\"}}")));
		send(message("file", null, new MessageContent.Media("https://e.com/a.pdf", null, "a.pdf"), null), null);
		this.graph.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
				"{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"919876543215\",\"type\":\"document\","
						+ "\"document\":{\"link\":\"https://e.com/a.pdf\",\"filename\":\"a.pdf\"}}")));
		send(message("location", null, null, new MessageContent.Location(-0.18, -78.47, "Quito", "Centro")), null);
		this.graph.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
				"{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"919876543215\",\"type\":\"location\","
						+ "\"location\":{\"latitude\":-0.18,\"longitude\":-78.47,\"name\":\"Quito\",\"address\":\"Centro\"}}")));
	}

	@Test
	void metaErrorsMapToRetryOrFailure() {
		assertThat(answer(400, 131026))
			.isEqualTo(new SendResult.Permanent(FailureKind.ABSENT, 14272, "WhatsApp error 131026: m"));
		assertThat(answer(400, 131047)).isInstanceOfSatisfying(SendResult.Permanent.class,
				(p) -> assertThat(p.errorCode()).isEqualTo(1418));
		assertThat(answer(400, 132000)).isInstanceOfSatisfying(SendResult.Permanent.class,
				(p) -> assertThat(p.errorCode()).isEqualTo(1429));
		assertThat(answer(400, 132001)).isInstanceOfSatisfying(SendResult.Permanent.class,
				(p) -> assertThat(p.errorCode()).isEqualTo(1443));
		assertThat(answer(429, 130429)).isInstanceOfSatisfying(SendResult.Retryable.class,
				(r) -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
		assertThat(answer(400, 131056)).isInstanceOf(SendResult.Retryable.class);
		assertThat(answer(401, 190)).isInstanceOf(SendResult.Retryable.class);
		assertThat(answer(500, null)).isInstanceOf(SendResult.Retryable.class);
		assertThat(answer(400, 999999)).isInstanceOf(SendResult.Permanent.class);
	}

	@Test
	void slowAnswerIsRetried() {
		// only this test's provider gives up early: the others wait as long as a loaded
		// machine may take to answer on loopback
		this.provider = new WhatsAppCloudProviderFactory(JsonMapper.builder().build()).create("bot",
				Map.of("phoneNumberId", "1055", "accessToken", "EAAG-token", "baseUrl", this.graph.baseUrl(),
						"timeoutMillis", 200),
				(receipts) -> {
				});
		this.graph.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
		assertThat(send(message("text", "Hello", null, null), null)).isInstanceOf(SendResult.Retryable.class);
	}

	private SendResult answer(int status, Integer code) {
		this.graph.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody((code != null) ? "{\"error\":{\"message\":\"m\",\"code\":" + code + "}}" : "oops")));
		return send(message("text", "Hello", null, null), null);
	}

	private SendResult send(MessageContent content, String template) {
		return this.provider
			.send(new Delivery(UUID.randomUUID(), "bot", Channel.WHATSAPP, "919876543215", null, template, content, 1));
	}

	private static MessageContent message(String kind, String text, MessageContent.Media media,
			MessageContent.Location location) {
		return new MessageContent(kind, null, null, null, text, null, null, (media != null) ? List.of(media) : null,
				null, null, null, null, location);
	}

}
