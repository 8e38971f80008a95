package io.tidings.stream;

import io.tidings.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code TIDINGS_KAFKA_BOOTSTRAP_SERVERS} the streams stay in PostgreSQL: no
 * Kafka client, consumer or relay exists, and the event-log stream calls back.
 */
@IntegrationTest
class KafkaOffIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Test
	void withoutTheSettingNoKafkaClientOrThreadStarts() {
		assertThat(this.context.getBeanNamesForType(Streams.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(ConsumerLag.class)).isEmpty();
		assertThat(this.context.containsBean("kafkaEventRelay")).isFalse();
		assertThat(this.context.containsBean("kafkaCallbacks")).isFalse();
		assertThat(this.context.containsBean("kafkaReceipts")).isFalse();
		assertThat(this.context.containsBean("eventStream")).isTrue();
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch((name) -> name.startsWith("kafka") || name.startsWith("tidings-callbacks")
					|| name.startsWith("tidings-receipts"));
	}

}
