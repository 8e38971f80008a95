package io.tidings.training;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Gives a training run an admin key of its own, drawn once: the run calls the admin API
 * with it, and nobody else knows it ({@code ${random.…}} in a profile would be drawn anew
 * at every read).
 */
class TrainingKey implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "tidings.admin-key";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.acceptsProfiles(Profiles.of("training"))) {
			return;
		}
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("tidings-training",
					Map.of(PROPERTY, "ta_training_" + HexFormat.of().formatHex(random))));
	}

	@Override
	public int getOrder() {
		// after the configuration files, which activate the profile
		return Ordered.LOWEST_PRECEDENCE;
	}

}
