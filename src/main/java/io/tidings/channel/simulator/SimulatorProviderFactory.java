package io.tidings.channel.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.tidings.channel.InvalidChannelSettingsException;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderFactory;
import io.tidings.channel.ReceiptSink;
import io.tidings.common.Channel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds simulator providers; {@code stepDelayMs} overrides
 * {@code tidings.simulator.step-delay}.
 */
@Component
class SimulatorProviderFactory implements ProviderFactory {

	private final Duration defaultStep;

	SimulatorProviderFactory(@Value("${tidings.simulator.step-delay:200ms}") Duration defaultStep) {
		this.defaultStep = defaultStep;
	}

	@Override
	public String name() {
		return "simulator";
	}

	@Override
	public Set<Channel> channels() {
		return Set.of(Channel.WHATSAPP, Channel.SMS, Channel.EMAIL);
	}

	@Override
	public void validate(Map<String, Object> settings) {
		Object step = settings.get("stepDelayMs");
		if (step != null
				&& !(step instanceof Number number && number.longValue() >= 0 && number.longValue() <= 3_600_000)) {
			throw new InvalidChannelSettingsException("stepDelayMs", "stepDelayMs must be a number from 0 to 3600000");
		}
	}

	@Override
	public Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts) {
		Duration step = (settings.get("stepDelayMs") instanceof Number number) ? Duration.ofMillis(number.longValue())
				: this.defaultStep;
		return (delivery) -> SimulatedOutcome.of(delivery, step);
	}

}
