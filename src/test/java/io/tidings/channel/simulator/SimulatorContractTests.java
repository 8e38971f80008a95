package io.tidings.channel.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderContractTests;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;

/**
 * The simulator keeps the same promises; its "peer" is the recipient's number.
 */
class SimulatorContractTests extends ProviderContractTests {

	private final Provider provider = new SimulatorProviderFactory(Duration.ofMillis(10)).create("bot", Map.of(),
			(receipts) -> {
			});

	private String recipient = "919876543215";

	@Override
	protected Provider provider() {
		return this.provider;
	}

	@Override
	protected Delivery delivery() {
		return new Delivery(UUID.randomUUID(), "bot", Channel.WHATSAPP, this.recipient, null, "t",
				new MessageContent("template", "en", null, null, "Hi", null, null, null, null, null, null, null, null),
				1);
	}

	@Override
	protected void peerAccepts() {
		this.recipient = "919876543215";
	}

	@Override
	protected void peerFailsTransiently() {
		this.recipient = "919876543214";
	}

	@Override
	protected void peerRefuses() {
		this.recipient = "919876543210";
	}

	@Override
	protected void peerIsDown() {
		this.recipient = "919876543214";
	}

}
