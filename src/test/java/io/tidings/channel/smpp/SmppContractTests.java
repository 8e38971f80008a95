package io.tidings.channel.smpp;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderContractTests;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class SmppContractTests extends ProviderContractTests {

	private TestSmsc smsc;

	private SmppSender sender;

	private java.net.Socket heldPort;

	@BeforeEach
	void start() throws Exception {
		this.smsc = TestSmsc.start();
		this.sender = new SmppSender("bot-1", SmppSettings
			.from(Map.of("host", "127.0.0.1", "port", this.smsc.port(), "systemId", "tidings", "password", "secret")),
				(receipts) -> {
				}, SmppSenderTests.FAST, Clock.systemUTC());
	}

	@AfterEach
	void stop() throws Exception {
		this.sender.close();
		this.smsc.close();
		if (this.heldPort != null) {
			this.heldPort.close();
		}
	}

	@Override
	protected Provider provider() {
		return this.sender;
	}

	@Override
	protected Delivery delivery() {
		return new Delivery(UUID.randomUUID(), "bot-1", Channel.SMS, "919876543215", "TIDINGS", "otp",
				new MessageContent("template", "en", null, null, "Your code is 1234", null, List.of(), null, null, null,
						null, null, null),
				1);
	}

	@Override
	protected void peerAccepts() {
	}

	@Override
	protected void peerFailsTransiently() {
		this.smsc.throttleNext(1);
	}

	@Override
	protected void peerRefuses() {
		this.smsc.refuseNext(1, SMPPConstant.STAT_ESME_RINVDSTADR);
	}

	@Override
	protected void peerIsDown() throws Exception {
		int port = this.smsc.port();
		this.smsc.close();
		// hold the port with a socket that does not listen (once the SMSC has let go of
		// it):
		// connections are refused, and no other SMSC on this busy machine can listen on
		// it
		this.heldPort = new java.net.Socket();
		this.heldPort.setReuseAddress(true);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			this.heldPort.bind(new java.net.InetSocketAddress("127.0.0.1", port));
			return true;
		});
	}

}
