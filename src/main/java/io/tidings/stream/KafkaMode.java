package io.tidings.stream;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether the streams run on Kafka: {@code tidings.kafka.bootstrap-servers} is set and
 * not blank.
 */
public final class KafkaMode {

	/** The one setting that switches Kafka on. */
	public static final String SETTING = "tidings.kafka.bootstrap-servers";

	private KafkaMode() {
	}

	static boolean on(ConditionContext context) {
		return StringUtils.hasText(context.getEnvironment().getProperty(SETTING));
	}

	static final class On implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return on(context);
		}

	}

	static final class Off implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !on(context);
		}

	}

}
