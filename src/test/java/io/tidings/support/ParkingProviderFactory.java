package io.tidings.support;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;

/**
 * Provider {@code parking}: every attempt answers a transient error with a wait of an
 * hour, so the notifications of a test stay queued (and their campaign unfinished) for as
 * long as the test needs, however fast the machine.
 */
public class ParkingProviderFactory implements ProviderFactory {

	@Override
	public String name() {
		return "parking";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.WHATSAPP, Channel.SMS);
	}

	@Override
	public void validate(Map<String, Object> settings) {
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		return (delivery) -> new SendResult.Retryable("parked", Duration.ofHours(1));
	}

}
