package io.tidings.receipt;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import io.tidings.channel.Providers;
import io.tidings.channel.smpp.TestSmsc;
import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMSC delivers receipts only on an open bind: Tidings binds when the SMS channel is
 * configured and at start-up, not on the first send (API.md §12).
 */
@IntegrationTest
class ProviderConnectionsIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	ProviderConnections connections;

	@Autowired
	Providers providers;

	private TestSmsc smsc;

	private final Set<TestBot> smppBots = new LinkedHashSet<>();

	@BeforeEach
	void startSmsc() throws Exception {
		this.smsc = TestSmsc.start();
	}

	/**
	 * The test's channels go back to the simulator, which closes their SMPP accounts
	 * before the SMSC goes: no bind is left trying to reach it for the rest of the suite.
	 */
	@AfterEach
	void stopSmsc() throws Exception {
		try {
			for (TestBot bot : this.smppBots) {
				this.client
					.put("/v1/bots/" + bot.id() + "/channels/sms", "{\"provider\":\"simulator\"}", "x-api-key",
							TidingsClient.ADMIN_KEY)
					.expect(200);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.smsc.sessionsBound() == 0);
		}
		finally {
			this.smsc.close();
		}
	}

	@Test
	void configuringTheChannelBindsWithNothingSent() {
		configureSmpp(this.client.newBot(null), 2);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.smsc.sessionsBound() == 2);
		assertThat(this.smsc.submitted()).isEmpty();
	}

	@Test
	void aReceiptArrivesOnABindThatHasSentNothing() throws Exception {
		TestBot bot = this.client.newBot(null);
		configureSmpp(bot, 1);
		String msgId = bot.send("sms", "919876543215", null);
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("DELIVERED_CHANNEL"));
		String providerId = bot.notification(msgId).json().get("internalId").asString();
		// new settings replace the account: its old bind closes, the new one has sent
		// nothing
		int bindsBefore = this.smsc.bindsAccepted();
		configureSmpp(bot, 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.smsc.bindsAccepted() > bindsBefore && this.smsc.sessionsBound() == 1);
		this.smsc.sendReceipt(providerId, "DELIVRD");
		await().atMost(Duration.ofSeconds(10)).until(() -> bot.status(msgId).equals("DELIVERED_USER"));
		assertThat(this.smsc.submitted()).hasSize(1);
	}

	@Test
	void startUpBindsEveryConfiguredSmppChannel() {
		configureSmpp(this.client.newBot(null), 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.smsc.sessionsBound() == 1);
		// as after a restart: no account is connected until start-up connects them
		this.providers.destroy();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.smsc.sessionsBound() == 0);
		this.connections.connectConfigured();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.smsc.sessionsBound() == 1);
		assertThat(this.smsc.submitted()).isEmpty();
	}

	private void configureSmpp(TestBot bot, int binds) {
		this.smppBots.add(bot);
		this.client
			.put("/v1/bots/" + bot.id() + "/channels/sms",
					"{\"provider\":\"smpp\",\"host\":\"127.0.0.1\",\"port\":"
							+ this.smsc.port() + ",\"systemId\":\"tidings\",\"password\":\"secret\",\"binds\":" + binds
							+ ",\"enquireLinkSeconds\":" + (30 + this.smsc.bindsAccepted()) + "}",
					"x-api-key", TidingsClient.ADMIN_KEY)
			.expect(200);
	}

}
