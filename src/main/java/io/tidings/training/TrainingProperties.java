package io.tidings.training;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the training run (the {@code training} profile).
 *
 * @param messages how many pushes to send, half on SMS and half on WhatsApp
 * @param concurrency how many clients send at once, each waiting for its answer
 * @param timeout how long the run may take before it gives up (exit code 1)
 */
@ConfigurationProperties("tidings.training")
record TrainingProperties(@DefaultValue("30000") int messages, @DefaultValue("32") int concurrency,
		@DefaultValue("10m") Duration timeout) {

	TrainingProperties {
		if (messages < 1 || concurrency < 1) {
			throw new IllegalArgumentException("tidings.training.messages and concurrency must be at least 1");
		}
	}

}
