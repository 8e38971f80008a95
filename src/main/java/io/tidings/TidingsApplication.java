package io.tidings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Tidings: a self-hosted notification gateway for WhatsApp, SMS and email.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TidingsApplication {

	public static void main(String[] args) {
		SpringApplication.run(TidingsApplication.class, args);
	}

}
