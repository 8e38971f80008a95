package io.tidings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Profiles;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tidings: a self-hosted notification gateway for WhatsApp, SMS and email.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TidingsApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(TidingsApplication.class, args);
		if (context.getEnvironment().acceptsProfiles(Profiles.of("training"))) {
			// the training run is over (io.tidings.training): stop, so that the JVM
			// writes
			// its ahead-of-time cache on exit
			System.exit(SpringApplication.exit(context));
		}
	}

}
