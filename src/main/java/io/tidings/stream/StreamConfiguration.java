package io.tidings.stream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka clients, created only when {@link KafkaMode#SETTING} is set; the topics are
 * created (or grown) before any consumer starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnKafka
@EnableConfigurationProperties(StreamProperties.class)
class StreamConfiguration {

	@Bean(destroyMethod = "close")
	Streams streams(StreamProperties properties, KafkaProperties kafka, MeterRegistry meters, JsonMapper json,
			DataSource store) {
		Streams streams = new Streams(properties, kafka, meters, json, store);
		streams.createTopics();
		return streams;
	}

	@Bean
	DeadLetterReplay deadLetterReplay(Streams streams) {
		return new DeadLetterReplay(streams);
	}

	@Bean(destroyMethod = "close")
	ConsumerLag consumerLag(Streams streams, MeterRegistry meters) {
		return new ConsumerLag(streams, meters);
	}

}
