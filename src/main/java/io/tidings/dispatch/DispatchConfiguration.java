package io.tidings.dispatch;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

	@Bean
	Wakeup dispatchWakeup(DispatchProperties properties) {
		return new Wakeup(properties.workers());
	}

	@Bean
	RetryPolicy retryPolicy(DispatchProperties properties) {
		return new RetryPolicy(properties.retryBase(), properties.retryMax(), properties.maxAttempts(),
				properties.ttl());
	}

}
