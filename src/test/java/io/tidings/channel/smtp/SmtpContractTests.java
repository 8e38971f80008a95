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
		this.server.close();
	}

}
