package io.tidings.cluster;

import java.util.ArrayList;
import java.util.List;

import io.tidings.TidingsApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * One Tidings instance of a test cluster, started as a Spring context in this JVM or, by
 * {@link #main(String[])}, as a process of its own: the application as shipped, plus the
 * {@link LoopbackProviderFactory} naming this instance.
 */
final class ClusterNode {

	private ClusterNode() {
	}

	static ConfigurableApplicationContext start(String name, List<String> properties) {
		List<String> args = new ArrayList<>();
		properties.forEach((p) -> args.add("--" + p));
		return new SpringApplicationBuilder(TidingsApplication.class)
			.initializers((ApplicationContextInitializer<GenericApplicationContext>) (context) -> context
				.registerBean(LoopbackProviderFactory.class, () -> new LoopbackProviderFactory(name)))
			.run(args.toArray(String[]::new));
	}

	/**
	 * Starts a node: the first argument is its name, the rest are
	 * {@code --property=value} arguments.
	 */
	public static void main(String[] args) {
		List<String> properties = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			properties.add(args[i].substring(2));
		}
		start(args[0], properties);
	}

}
