package io.tidings.stream;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft broker in the test JVM, on loopback, for the tests that share
 * a context with it; its owner destroys it.
 */
final class EmbeddedBrokers {

	private EmbeddedBrokers() {
	}

	static EmbeddedKafkaKraftBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
		// the service creates its topics; nothing may appear by accident
		broker.brokerProperty("auto.create.topics.enable", "false");
		broker.afterPropertiesSet();
		return broker;
	}

}
