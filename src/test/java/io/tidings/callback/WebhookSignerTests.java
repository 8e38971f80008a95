package io.tidings.callback;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTests {

	@Test
	void signsLikeTheStandardWebhooksReference() {
		// the test vector of the Standard Webhooks specification's reference libraries
		String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
		String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
		long timestamp = 1614265330;
		String body = "{\"test\": 2432232314}";
		assertThat(WebhookSigner.sign(secret, id, timestamp, body))
			.isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

	@Test
	void signaturesUnderSeveralSecretsDoNotMix() throws Exception {
		String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
		String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another secret".getBytes());
		String body = "{\"test\": 2432232314}";
		java.util.List<Thread> threads = new java.util.ArrayList<>();
		java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
		for (int t = 0; t < 8; t++) {
			threads.add(Thread.ofVirtual().start(() -> {
				for (int i = 0; i < 200; i++) {
					seen.add(WebhookSigner.sign(other, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
					seen.add(WebhookSigner.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(seen).hasSize(2).contains("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
	}

}
