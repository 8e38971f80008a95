package io.tidings.dashboard;

import java.util.List;

import jakarta.servlet.Filter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The servlet filters that only the console needs (security, the session store shared by
 * the instances in PostgreSQL: Spring Session JDBC, request observations, resource URL
 * encoding, form content, request context, character encoding) run only on the console's
 * paths. The vendor APIs and provider webhooks pass through the trace-id and body-size
 * filters alone: half of an API request's CPU went to filters it did not need.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleFilters {

	/** The console's paths, as servlet URL patterns ({@code ""} is the root exactly). */
	static final List<String> PATHS = List.of("", "/login", "/logout", "/console", "/console/*", "/assets/*");

	@Bean
	static BeanPostProcessor consoleOnlyFilterRegistrations() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DelegatingFilterProxyRegistrationBean registration) {
					registration.setUrlPatterns(PATHS);
				}
				else if (bean instanceof FilterRegistrationBean<?> registration
						&& (registration.getFilter() instanceof ServerHttpObservationFilter
								|| registration.getFilter() instanceof ResourceUrlEncodingFilter)) {
					registration.setUrlPatterns(PATHS);
				}
				return bean;
			}
		};
	}

	@Bean
	FilterRegistrationBean<FormContentFilter> formContentFilterOnConsole(FormContentFilter filter) {
		return onConsole(filter);
	}

	@Bean
	FilterRegistrationBean<CharacterEncodingFilter> characterEncodingFilterOnConsole(CharacterEncodingFilter filter) {
		return onConsole(filter);
	}

	// typed as a plain Filter: a registration typed RequestContextFilter would make Boot
	// skip
	// creating the filter itself (its @ConditionalOnMissingBean sees registrations too)
	@Bean
	FilterRegistrationBean<Filter> requestContextFilterOnConsole(@Qualifier("requestContextFilter") Filter filter) {
		return onConsole(filter);
	}

	private static <F extends Filter> FilterRegistrationBean<F> onConsole(F filter) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setUrlPatterns(PATHS);
		if (filter instanceof Ordered ordered) {
			registration.setOrder(ordered.getOrder());
		}
		return registration;
	}

}
