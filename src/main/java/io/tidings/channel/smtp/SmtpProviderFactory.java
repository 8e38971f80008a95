package io.tidings.channel.smtp;

import java.util.Map;
import java.util.Set;

import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.UnsubscribeLinkSource;
import io.tidings.common.Channel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Builds SMTP senders ({@code provider: smtp}).
 */
@Component
class SmtpProviderFactory implements ProviderFactory {

	private final ObjectProvider<UnsubscribeLinkSource> links;

	SmtpProviderFactory() {
		this(null);
	}

	@Autowired
	SmtpProviderFactory(ObjectProvider<UnsubscribeLinkSource> links) {
		this.links = links;
	}

	@Override
	public String name() {
		return "smtp";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.EMAIL);
	}

	@Override
	public void validate(Map<String, Object> settings) {
		SmtpSettings.of(settings);
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		UnsubscribeLinkSource source = (this.links != null) ? this.links.getIfAvailable() : null;
		return new SmtpSender(SmtpSettings.of(settings),
				(source != null) ? (address) -> source.url(botId, address) : null);
	}

}
