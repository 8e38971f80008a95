package io.tidings.channel.whatsappcloud;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderContractTests;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

class WhatsAppCloudContractTests extends ProviderContractTests {

	private final WireMockServer graph = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private Provider provider;

	@BeforeEach
	void start() {
		this.graph.start();
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

	@Override
	protected Provider provider() {
		return this.provider;
	}

	@Override
	protected Delivery delivery() {
		return new Delivery(UUID.randomUUID(), "bot", Channel.WHATSAPP, "919876543215", null, "welcome",
				new MessageContent("template", "en", null, null, "Hi Asha", null, List.of("Asha"), null, null, null,
						null, null, null),
				1);
	}

	@Override
	protected void peerAccepts() {
		this.graph.stubFor(post(urlEqualTo("/v21.0/1055/messages")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"919876543215\",\"wa_id\":\"919876543215\"}],"
							+ "\"messages\":[{\"id\":\"wamid.HBgM\"}]}")));
	}

	@Override
	protected void peerFailsTransiently() {
		this.graph.stubFor(post(urlEqualTo("/v21.0/1055/messages")).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"Service temporarily unavailable\",\"code\":131000}}")));
	}

	@Override
	protected void peerRefuses() {
		this.graph.stubFor(post(urlEqualTo("/v21.0/1055/messages")).willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"{\"error\":{\"message\":\"Template name does not exist in the translation\",\"code\":132001}}")));
	}

	@Override
	protected void peerIsDown() {
		this.graph.stop();
	}

}
