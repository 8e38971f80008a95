package io.tidings.channel.smpp;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.common.Channel;
import io.tidings.common.SharedLimits;

import org.springframework.stereotype.Component;

/**
 * Builds SMPP 3.4 senders for the SMS channel from {@code smpp} settings (API.md §7).
 */
@Component
class SmppProviderFactory implements ProviderFactory {

	private final Clock clock;

	private final SharedLimits limits;

	SmppProviderFactory(Clock clock, SharedLimits limits) {
		this.clock = clock;
		this.limits = limits;
	}

	@Override
	public String name() {
		return "smpp";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.SMS);
	}

	@Override
	public boolean listens() {
		return true;
	}

	@Override
	public void validate(Map<String, Object> settings) {
		SmppSettings.from(settings);
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		return new SmppSender(botId, SmppSettings.from(settings), receipts, SmppTimings.DEFAULT, this.clock,
				this.limits);
	}

}
