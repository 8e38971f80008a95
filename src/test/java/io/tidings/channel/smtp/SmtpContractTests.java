package io.tidings.channel.smtp;

import java.util.Map;
import java.util.UUID;

import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.ProviderContractTests;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.support.FakeSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class SmtpContractTests extends ProviderContractTests {

	private FakeSmtpServer server;

	private Provider provider;

	private java.net.Socket heldPort;

	@BeforeEach
	void start() throws Exception {
		this.server = new FakeSmtpServer();
		this.provider = new SmtpProviderFactory().create("bot", Map.of("host", "127.0.0.1", "port", this.server.port(),
				"tls", "none", "fromAddress", "noreply@tidings.test"), (receipts) -> {
				});
	}

	@AfterEach
	void stop() throws Exception {
		this.provider.close();
		this.server.close();
		if (this.heldPort != null) {
			this.heldPort.close();
		}
	}

	@Override
	protected Provider provider() {
		return this.provider;
	}

	@Override
	protected Delivery delivery() {
		return new Delivery(UUID.randomUUID(), "bot", Channel.EMAIL, "someone@example.com", null, "welcome",
				new MessageContent("template", "en", "Hello", null, "Hi there", null, null, null, null, null, null,
						null, null),
				1);
	}

	@Override
	protected void peerAccepts() {
		this.server.rcptReply("250 2.1.5 OK");
	}

	@Override
	protected void peerFailsTransiently() {
		this.server.rcptReply("451 4.3.0 Mailbox temporarily unavailable");
	}

	@Override
	protected void peerRefuses() {
		this.server.rcptReply("550 5.1.1 User unknown");
	}

	@Override
	protected void peerIsDown() throws Exception {
		int port = this.server.port();
		this.server.close();
		// hold the port with a socket that does not listen: connections are refused, and
		// no
		// other process on this busy machine can start listening on it meanwhile
		this.heldPort = new java.net.Socket();
		this.heldPort.setReuseAddress(true);
		org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			this.heldPort.bind(new java.net.InetSocketAddress("127.0.0.1", port));
			return true;
		});
	}

}
