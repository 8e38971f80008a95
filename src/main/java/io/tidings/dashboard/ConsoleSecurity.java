package io.tidings.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * One filter chain, for the console only (session cookie, CSRF tokens, a strict
 * Content-Security-Policy). Every other path matches no chain and passes through without
 * security filters: the APIs keep their own key authentication and stay stateless.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	/**
	 * Scripts and styles only from our own origin: no inline script can run, so a value
	 * that slipped through escaping still cannot execute.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	@Bean
	SecurityFilterChain console(HttpSecurity http, KeyAuthenticationProvider keys) throws Exception {
		http.securityMatcher("/", "/login", "/logout", "/console", "/console/**", "/assets/**")
			.authenticationProvider(keys)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/assets/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.usernameParameter("botId")
				.passwordParameter("key")
				.defaultSuccessUrl("/console", true)
				.failureHandler(refusedWithoutSession()))
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
			.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.changeSessionId()))
			// a visitor who has not signed in costs no session: sessions are
			// rows in PostgreSQL (V25), and a saved request or a CSRF token in a
			// session would let anyone write two rows per anonymous request. The
			// sign-in always lands on /console, so no request needs saving; the
			// CSRF token lives in a cookie (double submit) until a session exists.
			.requestCache((cache) -> cache.requestCache(new NullRequestCache()))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfCookie()))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frame) -> frame.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	/**
	 * The CSRF token's cookie: {@code HttpOnly} (pages carry the token in their forms and
	 * a meta tag) and {@code SameSite=Lax} like the session's.
	 */
	private static CookieCsrfTokenRepository csrfCookie() {
		CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
		repository.setCookieCustomizer((cookie) -> cookie.sameSite("Lax"));
		return repository;
	}

	/**
	 * A refused sign-in goes back to the login page ({@code ?error}) without storing the
	 * exception in a new session (the page does not show it).
	 */
	private static AuthenticationFailureHandler refusedWithoutSession() {
		SimpleUrlAuthenticationFailureHandler handler = new SimpleUrlAuthenticationFailureHandler("/login?error");
		handler.setAllowSessionCreation(false);
		return handler;
	}

	/**
	 * No observations of the security filters: they would time every API request too, and
	 * the console is a small part of the traffic.
	 */
	@Bean
	SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

}
