package io.tidings.support;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

@org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
class TestConfiguration {

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock();
	}

	@Bean
	CrashingProviderFactory crashingProviderFactory() {
		return new CrashingProviderFactory();
	}

	@Bean
	HoldingProviderFactory holdingProviderFactory() {
		return new HoldingProviderFactory();
	}

	@Bean
	ParkingProviderFactory parkingProviderFactory() {
		return new ParkingProviderFactory();
	}

	@Bean
	TidingsClient tidingsClient(org.springframework.core.env.Environment environment) {
		return new TidingsClient(environment);
	}

}
