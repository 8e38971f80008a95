package io.tidings.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset that tests move forward, so that leases and schedules
 * can expire without waiting. A test that moves it back puts back the {@link #offset()}
 * it found, whatever happens, so that the tests after it see no time earlier than before.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	public void advance(Duration by) {
		this.offset.updateAndGet((current) -> current.plus(by));
	}

	/**
	 * How far ahead of the system clock this one is.
	 */
	public Duration offset() {
		return this.offset.get();
	}

	/**
	 * Puts back an offset read with {@link #offset()}.
	 */
	public void restore(Duration offset) {
		this.offset.set(offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset.get());
	}

}
