package io.tidings.common;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Tests {

	@Test
	void hashesAreTheStandardVectorsInLowerCaseHex() {
		assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(Sha256.hex("abc".getBytes(StandardCharsets.UTF_8))).isEqualTo(Sha256.hex("abc"));
	}

	@Test
	void textIsHashedAsItsUtf8Bytes() {
		assertThat(Sha256.hex("clé")).isEqualTo(Sha256.hex("clé".getBytes(StandardCharsets.UTF_8)))
			.isNotEqualTo(Sha256.hex("clé".getBytes(StandardCharsets.ISO_8859_1)));
	}

	@Test
	void concurrentHashesDoNotShareState() throws Exception {
		List<String> expected = IntStream.range(0, 64).mapToObj((i) -> Sha256.hex("key-" + i)).toList();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<Boolean>> runs = IntStream.range(0, 8).mapToObj((t) -> pool.submit(() -> {
				for (int round = 0; round < 2_000; round++) {
					int i = (round * 7 + t) % 64;
					if (!Sha256.hex("key-" + i).equals(expected.get(i))) {
						return false;
					}
				}
				return true;
			})).toList();
			for (Future<Boolean> run : runs) {
				assertThat(run.get()).isTrue();
			}
		}
	}

}
