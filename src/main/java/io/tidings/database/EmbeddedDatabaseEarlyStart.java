package io.tidings.database;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the context exists, so
 * that it comes up while Spring reads the configuration classes (about a second of a
 * start) instead of after; {@link EmbeddedDatabaseConfiguration} takes it from there. A
 * context that fails before taking it stops it.
 */
class EmbeddedDatabaseEarlyStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String BEAN_NAME = "tidings.embeddedDatabaseStarting";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Environment environment = context.getEnvironment();
		if (!embedded(environment) || context.getBeanFactory().containsSingleton(BEAN_NAME)) {
			return;
		}
		EmbeddedDatabaseProperties properties = Binder.get(environment)
			.bindOrCreate("tidings.database", EmbeddedDatabaseProperties.class);
		Starting starting = Starting.begin(properties);
		context.getBeanFactory().registerSingleton(BEAN_NAME, starting);
		if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(BEAN_NAME, starting);
		}
	}

	/**
	 * The condition of {@link EmbeddedDatabaseConfiguration}: no
	 * {@code spring.datasource.url}, or {@code embedded}.
	 */
	static boolean embedded(Environment environment) {
		String url = environment.getProperty("spring.datasource.url");
		return url == null || "embedded".equals(url);
	}

	/**
	 * A database on its way up: {@link #take()} waits for it and hands it over; if nobody
	 * took it by the time the context is destroyed, it is stopped then.
	 */
	static final class Starting implements DisposableBean {

		private static final Logger log = LoggerFactory.getLogger(Starting.class);

		private final FutureTask<EmbeddedDatabase> start;

		private final AtomicBoolean taken = new AtomicBoolean();

		private Starting(FutureTask<EmbeddedDatabase> start) {
			this.start = start;
		}

		static Starting begin(EmbeddedDatabaseProperties properties) {
			FutureTask<EmbeddedDatabase> start = new FutureTask<>(
					() -> EmbeddedDatabaseConfiguration.start(properties));
			Thread thread = new Thread(start, "embedded-postgres-start");
			thread.setDaemon(true);
			thread.start();
			return new Starting(start);
		}

		/**
		 * Waits for the database and hands it over; its owner stops it from then on.
		 * @throws IOException when it could not be started, as a start on this thread
		 * would have thrown
		 */
		EmbeddedDatabase take() throws IOException {
			if (!this.taken.compareAndSet(false, true)) {
				throw new IllegalStateException("the embedded database was already taken");
			}
			return result();
		}

		/**
		 * Waits for the database and answers its port, without taking it.
		 */
		int port() throws IOException {
			return result().port();
		}

		@Override
		public void destroy() throws IOException {
			if (this.taken.compareAndSet(false, true)) {
				try {
					result().close();
				}
				catch (IOException | RuntimeException ex) {
					log.debug("The embedded database started early did not start", ex);
				}
			}
		}

		private EmbeddedDatabase result() throws IOException {
			try {
				return this.start.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while the embedded database started", ex);
			}
			catch (ExecutionException ex) {
				Throwable cause = ex.getCause();
				if (cause instanceof IOException io) {
					throw io;
				}
				if (cause instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (cause instanceof Error error) {
					throw error;
				}
				throw new IOException(cause);
			}
		}

	}

}
