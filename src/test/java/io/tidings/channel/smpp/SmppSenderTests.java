package io.tidings.channel.smpp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tidings.channel.Delivery;
import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.SendResult;
import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.MessageContent;
import io.tidings.common.Status;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SmppSenderTests {

	// fast reconnects; answers may take as long as a loaded machine needs
	static final SmppTimings FAST = new SmppTimings(Duration.ofSeconds(30), Duration.ofMillis(200),
			Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(50), 500);

	private final List<ProviderReceipt> receipts = new CopyOnWriteArrayList<>();

	private final ReceiptSink sink = this.receipts::addAll;

	private final List<SmppSender> senders = new ArrayList<>();

	private TestSmsc smsc;

	@BeforeEach
	void startSmsc() throws Exception {
		this.smsc = TestSmsc.start();
	}

	@AfterEach
	void stop() throws Exception {
		this.senders.forEach(SmppSender::close);
		this.smsc.close();
	}

	@Test
	void bindsOnTheFirstSendAndSubmitsTheMessage() {
		SmppSender sender = sender(Map.of());
		assertThat(this.smsc.bindsAccepted()).isZero();
		SendResult result = sender.send(sms("919876543215", null, "Hello"));
		assertThat(result).isEqualTo(new SendResult.Accepted("1", 1, List.of()));
		TestSmsc.Submitted submitted = this.smsc.submitted().get(0);
		assertThat(submitted.destination()).isEqualTo("919876543215");
		assertThat(submitted.destTon()).isEqualTo((byte) 1);
		assertThat(submitted.destNpi()).isEqualTo((byte) 1);
		assertThat(submitted.registeredDelivery()).isEqualTo((byte) 1);
		assertThat(submitted.dataCoding()).isEqualTo((byte) 0);
		assertThat(submitted.esmClass()).isEqualTo((byte) 0);
		assertThat(new String(submitted.shortMessage(), StandardCharsets.US_ASCII)).isEqualTo("Hello");
		assertThat(submitted.source()).isEqualTo("tidings");
	}

	@Test
	void thousandMessagesWithDeliveredReceiptsAllReachTheSink() throws Exception {
		SmppSender sender = sender(Map.of("binds", 2, "window", 50));
		List<String> ids = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<SendResult>> results = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				int n = i;
				results.add(threads.submit(() -> sender.send(sms("9198765" + (10000 + n), null, "Message " + n))));
			}
			for (Future<SendResult> result : results) {
				ids.add(((SendResult.Accepted) result.get()).providerRef());
			}
		}
		for (String id : ids) {
			this.smsc.sendReceipt(id, "DELIVRD");
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.receipts.size() >= 1000);
		assertThat(this.receipts).extracting(ProviderReceipt::providerMessageId)
			.containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.receipts).allSatisfy((receipt) -> {
			assertThat(receipt.botId()).isEqualTo("bot-1");
			assertThat(receipt.status()).isEqualTo(Status.DELIVERED_USER);
			assertThat(receipt.errorMessage()).isEqualTo("DELIVRD err:000");
		});
		assertThat(this.smsc.bindsAccepted()).isEqualTo(2);
	}

	@Test
	void undeliveredReceiptIsAnAbsentSubscriber() throws Exception {
		SmppSender sender = sender(Map.of());
		String id = ((SendResult.Accepted) sender.send(sms("919876543215", null, "Hi"))).providerRef();
		this.smsc.sendReceipt(id, "UNDELIV");
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.receipts.isEmpty());
		assertThat(this.receipts.get(0)).satisfies((receipt) -> {
			assertThat(receipt.providerMessageId()).isEqualTo(id);
			assertThat(receipt.status()).isEqualTo(Status.FAILED);
			assertThat(receipt.failureKind()).isEqualTo(FailureKind.ABSENT);
			assertThat(receipt.errorCode()).isEqualTo(14272);
			assertThat(receipt.errorMessage()).isEqualTo("UNDELIV err:001");
		});
	}

	@Test
	void longGsmTextArrivesAsTwoConcatenatedSegments() {
		SmppSender sender = sender(Map.of());
		SendResult result = sender.send(sms("919876543215", null, "a".repeat(300)));
		assertThat(result).isEqualTo(new SendResult.Accepted("1", 2, List.of()));
		List<TestSmsc.Submitted> parts = this.smsc.submitted();
		assertThat(parts).hasSize(2);
		assertThat(parts).allSatisfy((part) -> {
			assertThat(part.esmClass() & 0x40).as("UDHI").isEqualTo(0x40);
			assertThat(part.dataCoding()).isEqualTo((byte) 0);
		});
		byte reference = parts.get(0).shortMessage()[3];
		assertThat(Arrays.copyOf(parts.get(0).shortMessage(), 6)).containsExactly(5, 0, 3, reference, 2, 1);
		assertThat(Arrays.copyOf(parts.get(1).shortMessage(), 6)).containsExactly(5, 0, 3, reference, 2, 2);
		assertThat(parts.get(0).shortMessage()).hasSize(6 + 153);
		assertThat(parts.get(1).shortMessage()).hasSize(6 + 147);
	}

	@Test
	void textWithOneCharacterOutsideGsmGoesAsUcs2() {
		SmppSender sender = sender(Map.of());
		sender.send(sms("919876543215", null, "Dzień dobry, Paweł 😀"));
		TestSmsc.Submitted submitted = this.smsc.submitted().get(0);
		assertThat(submitted.dataCoding()).isEqualTo((byte) 8);
		assertThat(new String(submitted.shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("Dzień dobry, Paweł 😀");
	}

	@Test
	void longUcs2TextArrivesAsThreePartsOfAtMost67Characters() {
		SmppSender sender = sender(Map.of());
		SendResult result = sender.send(sms("919876543215", null, "ł".repeat(140)));
		assertThat(((SendResult.Accepted) result).segments()).isEqualTo(3);
		assertThat(this.smsc.submitted()).extracting((part) -> (part.shortMessage().length - 6) / 2)
			.containsExactly(67, 67, 6);
	}

	@Test
	void alphanumericSenderIsAlphanumericAndNumericSenderIsInternational() {
		SmppSender sender = sender(Map.of());
		sender.send(sms("919876543215", "Tidings", "Hi"));
		sender.send(sms("919876543215", "+15551234567", "Hi"));
		List<TestSmsc.Submitted> submitted = this.smsc.submitted();
		assertThat(submitted.get(0).source()).isEqualTo("Tidings");
		assertThat(submitted.get(0).sourceTon()).isEqualTo((byte) 5);
		assertThat(submitted.get(0).sourceNpi()).isEqualTo((byte) 0);
		assertThat(submitted.get(1).source()).isEqualTo("15551234567");
		assertThat(submitted.get(1).sourceTon()).isEqualTo((byte) 1);
		assertThat(submitted.get(1).sourceNpi()).isEqualTo((byte) 1);
	}

	@Test
	void configuredTypeOfNumberAndNumberingPlanWin() {
		SmppSender sender = sender(Map.of("sourceTon", 3, "sourceNpi", 9));
		sender.send(sms("919876543215", "12345", "Hi"));
		assertThat(this.smsc.submitted().get(0).sourceTon()).isEqualTo((byte) 3);
		assertThat(this.smsc.submitted().get(0).sourceNpi()).isEqualTo((byte) 9);
	}

	@Test
	void senderOutsideTheAllowedListIsPermanentlyInvalid() {
		SmppSender sender = sender(Map.of("senders", List.of("Tidings", "Alerts")));
		assertThat(sender.send(sms("919876543215", "Other", "Hi")))
			.isEqualTo(new SendResult.Permanent(FailureKind.INVALID, 100, "sender Other is not allowed"));
		assertThat(sender.send(sms("919876543215", null, "Hi"))).isInstanceOf(SendResult.Accepted.class);
		assertThat(this.smsc.submitted()).extracting(TestSmsc.Submitted::source).containsExactly("Tidings");
	}

	@Test
	void throttledSubmitIsRetryableAndSucceedsLater() throws Exception {
		SmppSender sender = sender(Map.of());
		this.smsc.throttleNext(2);
		SendResult first = sender.send(sms("919876543215", null, "Hi"));
		assertThat(first).isInstanceOf(SendResult.Retryable.class);
		assertThat(((SendResult.Retryable) first).retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(sendUntilAccepted(sender, sms("919876543215", null, "Hi"))).isNotNull();
		assertThat(this.smsc.submitted()).hasSize(1);
	}

	@Test
	void refusedDestinationIsInvalidAndOtherRefusalsAreRejected() {
		SmppSender sender = sender(Map.of());
		this.smsc.refuseNext(1, SMPPConstant.STAT_ESME_RINVDSTADR);
		SendResult invalid = sender.send(sms("919876543215", null, "Hi"));
		assertThat(invalid).isInstanceOf(SendResult.Permanent.class);
		assertThat(((SendResult.Permanent) invalid).kind()).isEqualTo(FailureKind.INVALID);
		assertThat(((SendResult.Permanent) invalid).errorCode()).isEqualTo(14272);
		this.smsc.refuseNext(1, SMPPConstant.STAT_ESME_RINVSRCADR);
		assertThat(sender.send(sms("919876543215", null, "Hi")))
			.isEqualTo(new SendResult.Permanent(FailureKind.REJECTED, 1420, "SMSC refused: 0x0000000A"));
	}

	@Test
	void droppedConnectionsAreBoundAgainAndEveryMessageEndsAccepted() throws Exception {
		// a submit under way when its connection drops ends only at the response timeout
		// (jsmpp): a short one here; a late answer on a loaded machine is only retried
		// (sendUntilAccepted), which the assertions allow
		SmppSender sender = sender(Map.of("binds", 2, "window", 20), new SmppTimings(Duration.ofSeconds(2),
				Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(50), 500));
		this.smsc.dropConnectionsAfter(150);
		List<Future<String>> results = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 600; i++) {
				int n = i;
				results.add(threads.submit(() -> sendUntilAccepted(sender, sms("9198765" + (10000 + n), null, "M"))));
			}
			for (Future<String> result : results) {
				assertThat(result.get()).isNotNull();
			}
		}
		assertThat(this.smsc.bindsAccepted()).isGreaterThan(2);
		// a submit the SMSC took just before the drop is sent again: SMPP cannot tell
		assertThat(this.smsc.submitted()).hasSizeGreaterThanOrEqualTo(600);
	}

	@Test
	void wrongPasswordIsNeverAccepted() {
		SmppSender sender = sender(Map.of("password", "wrong"));
		assertThat(sender.send(sms("919876543215", null, "Hi"))).isInstanceOf(SendResult.Retryable.class);
		assertThat(sender.send(sms("919876543215", null, "Hi"))).isInstanceOf(SendResult.Retryable.class);
		assertThat(this.smsc.submitted()).isEmpty();
		assertThat(this.smsc.bindsAccepted()).isZero();
	}

	@Test
	void closingUnbindsAndHandsOverTheReceiptsStillWaiting() throws Exception {
		SmppSender sender = new SmppSender("bot-1", SmppSettings.from(settings(Map.of())), this.sink,
				new SmppTimings(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofMillis(100),
						Duration.ofSeconds(1), Duration.ofHours(1), 500),
				Clock.systemUTC());
		String id = ((SendResult.Accepted) sender.send(sms("919876543215", null, "Hi"))).providerRef();
		this.smsc.sendReceipt(id, "DELIVRD");
		assertThat(this.receipts).isEmpty();
		sender.close();
		assertThat(this.receipts).extracting(ProviderReceipt::providerMessageId).containsExactly(id);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.smsc.sessionsBound() == 0);
	}

	private SmppSender sender(Map<String, Object> extra) {
		return sender(extra, FAST);
	}

	private SmppSender sender(Map<String, Object> extra, SmppTimings timings) {
		SmppSender sender = new SmppSender("bot-1", SmppSettings.from(settings(extra)), this.sink, timings,
				Clock.systemUTC());
		this.senders.add(sender);
		return sender;
	}

	private Map<String, Object> settings(Map<String, Object> extra) {
		Map<String, Object> settings = new HashMap<>(
				Map.of("host", "127.0.0.1", "port", this.smsc.port(), "systemId", "tidings", "password", "secret"));
		settings.putAll(extra);
		return settings;
	}

	/**
	 * Sends again after every retryable result, as the dispatcher would.
	 * @return the provider's message id
	 */
	static String sendUntilAccepted(SmppSender sender, Delivery delivery) throws InterruptedException {
		for (int attempt = 1; attempt <= 200; attempt++) {
			SendResult result = sender.send(delivery);
			if (result instanceof SendResult.Accepted accepted) {
				return accepted.providerRef();
			}
			assertThat(result).isInstanceOf(SendResult.Retryable.class);
			Thread.sleep(50);
		}
		throw new AssertionError("not accepted after 200 attempts");
	}

	static Delivery sms(String destination, String sender, String text) {
		return new Delivery(UUID.randomUUID(), "bot-1", Channel.SMS, destination, sender, "welcome",
				new MessageContent("text", null, null, null, text, null, null, null, null, null, null, null, null), 1);
	}

}
