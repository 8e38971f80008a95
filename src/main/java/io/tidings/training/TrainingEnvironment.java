package io.tidings.training;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The settings of a training run, ahead of every other source (environment variables and
 * command-line arguments included): a training run started with a production service's
 * environment must not touch its data directory, its external database, its Kafka brokers
 * or its port. The run gets a throwaway embedded database in a fresh temporary directory,
 * any free ports on loopback only, the simulator without delays, webhooks allowed to its
 * own receiver on loopback, and an admin key of its own, drawn once.
 */
class TrainingEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String ADMIN_KEY = "tidings.admin-key";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("training"))) {
			return;
		}
		environment.getPropertySources().addFirst(new MapPropertySource("tidings-training", settings()));
	}

	static Map<String, Object> settings() {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put(ADMIN_KEY, "ta_training_" + HexFormat.of().formatHex(random));
		settings.put("spring.datasource.url", "embedded");
		settings.put("tidings.database.data-dir",
				Path.of(System.getProperty("java.io.tmpdir"), "tidings-training-" + UUID.randomUUID()).toString());
		settings.put("tidings.database.clean", "true");
		settings.put("tidings.database.throwaway", "true");
		settings.put("tidings.database.port", "0");
		settings.put("tidings.kafka.bootstrap-servers", "");
		settings.put("server.port", "0");
		settings.put("server.address", "127.0.0.1");
		settings.put("tidings.webhooks.allowed-networks", "127.0.0.1/32");
		settings.put("tidings.simulator.step-delay", "0ms");
		settings.put("tidings.demo.enabled", "false");
		return settings;
	}

	@Override
	public int getOrder() {
		// after the configuration files, which may activate the profile
		return Ordered.LOWEST_PRECEDENCE;
	}

}
