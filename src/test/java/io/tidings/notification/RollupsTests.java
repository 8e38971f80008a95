package io.tidings.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RollupsTests {

	@Test
	void concurrentWritersOfOneInstanceNeverShareAStripe() throws Exception {
		Set<Short> stripes = ConcurrentHashMap.newKeySet();
		List<Thread> writers = new ArrayList<>();
		for (int i = 0; i < Rollups.STRIPES; i++) {
			writers.add(Thread.ofPlatform().start(() -> {
				// a thread keeps its stripe from batch to batch
				short first = new Rollups().stripe();
				assertThat(new Rollups().stripe()).isEqualTo(first);
				stripes.add(first);
			}));
		}
		for (Thread writer : writers) {
			writer.join();
		}
		assertThat(stripes).hasSize(Rollups.STRIPES).allMatch((s) -> s >= 0 && s < Rollups.STRIPES);
	}

}
