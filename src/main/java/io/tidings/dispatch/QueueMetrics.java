package io.tidings.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.common.DatabaseFailures;
import io.tidings.notification.SendQueue;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Queue depth for Prometheus ({@code tidings_queue_depth}) and for
 * {@code /actuator/health}, read at most once a second so scrapes cost nothing.
 */
@Component("queue")
class QueueMetrics implements HealthIndicator {

	private final DispatchQueue queue;

	private final Clock clock;

	private final AtomicReference<Sample> last = new AtomicReference<>(new Sample(Instant.EPOCH, null));

	QueueMetrics(DispatchQueue queue, Clock clock, MeterRegistry meters) {
		this.queue = queue;
		this.clock = clock;
		Gauge.builder("tidings.queue.depth", this, (m) -> m.depth().count())
			.description("Notifications waiting to be sent")
			.register(meters);
	}

	SendQueue.Depth depth() {
		Sample sample = this.last.get();
		Instant now = this.clock.instant();
		if (sample.depth() == null || Duration.between(sample.at(), now).abs().toMillis() > 1000) {
			sample = new Sample(now, this.queue.depth());
			this.last.set(sample);
		}
		return sample.depth();
	}

	@Override
	public Health health() {
		SendQueue.Depth depth;
		try {
			depth = depth();
		}
		catch (RuntimeException ex) {
			// a health body saying DOWN, answered within the pool's connection timeout
			return Health.down().withDetail("error", DatabaseFailures.describe(ex)).build();
		}
		return Health.up()
			.withDetail("depth", depth.count())
			.withDetail("oldestDue", (depth.oldestDue() != null) ? depth.oldestDue().toString() : "none")
			.build();
	}

	private record Sample(Instant at, SendQueue.Depth depth) {
	}

}
