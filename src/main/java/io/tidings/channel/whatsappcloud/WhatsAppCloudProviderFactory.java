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
import io.tidings.common.SharedLimits;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
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

	private final SharedLimits limits;

	WhatsAppCloudProviderFactory(JsonMapper json) {
		this(json, SharedLimits.inProcess());
	}

	/**
	 * @param limits where each phone number's messages per second are paced (shared by
	 * the cluster)
	 */
	@Autowired
	WhatsAppCloudProviderFactory(JsonMapper json, SharedLimits limits) {
		this.json = json;
		this.limits = limits;
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
		return new WhatsAppCloudSender(WhatsAppCloudSettings.of(settings), this.http, this.json, this.limits);
	}

}
