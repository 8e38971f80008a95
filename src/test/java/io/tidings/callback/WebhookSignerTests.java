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

}
