package io.tidings.dashboard;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import io.tidings.bot.Authenticator;

/**
 * Signs in with the key a client would send as {@code x-api-key}: a bot key opens that
 * bot, the admin key every bot. The key itself is not kept in the session.
 */
@Component
class KeyAuthenticationProvider implements AuthenticationProvider {

	private final Authenticator authenticator;

	KeyAuthenticationProvider(Authenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		Object credentials = authentication.getCredentials();
		String key = (credentials != null) ? credentials.toString().strip() : "";
		if (key.isEmpty()) {
			throw new BadCredentialsException("key is required");
		}
		ConsoleUser user = this.authenticator.authenticate(key, null, null)
			.map(ConsoleUser::of)
			.orElseThrow(() -> new BadCredentialsException("unknown key"));
		String role = user.admin() ? "ROLE_ADMIN" : "ROLE_BOT";
		return UsernamePasswordAuthenticationToken.authenticated(user, null, List.of(new SimpleGrantedAuthority(role)));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
