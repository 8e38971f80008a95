package io.tidings.channel.whatsappcloud;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.common.Channel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Builds WhatsApp Cloud API senders ({@code provider: whatsapp-cloud}).
 */
@Component
class WhatsAppCloudProviderFactory implements ProviderFactory {

	private final JsonMapper json;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	WhatsAppCloudProviderFactory(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String name() {
		return "whatsapp-cloud";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.WHATSAPP);
	}

	@Override
	public void validate(Map<String, Object> settings) {
		WhatsAppCloudSettings.of(settings);
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		return new WhatsAppCloudSender(WhatsAppCloudSettings.of(settings), this.http, this.json);
	}

}
