package io.tidings.bot;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import io.tidings.common.Sha256;

import org.springframework.stereotype.Service;

/**
 * Resolves the caller from the credentials a request carries: {@code x-api-key},
 * {@code x-auth-token}, {@code Authorization: Bearer KEY} or
 * {@code Authorization: Basic base64(USER:KEY)} (API.md §1): with Basic the password is
 * the key and the user part is ignored, because Jelou clients send their client id there.
 */
@Service
public class Authenticator {

	private final AdminKey adminKey;

	private final ApiKeys apiKeys;

	Authenticator(AdminKey adminKey, ApiKeys apiKeys) {
		this.adminKey = adminKey;
		this.apiKeys = apiKeys;
	}

	/**
	 * The caller these credentials prove, or empty when none are given or they are wrong.
	 */
	public Optional<Caller> authenticate(String apiKey, String authToken, String authorization) {
		if (apiKey != null && !apiKey.isBlank()) {
			return byKey(apiKey.strip());
		}
		if (authToken != null && !authToken.isBlank()) {
			return byKey(authToken.strip());
		}
		if (authorization == null) {
			return Optional.empty();
		}
		String value = authorization.strip();
		if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return byKey(value.substring(7).strip());
		}
		if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
			return basic(value.substring(6).strip());
		}
		return Optional.empty();
	}

	private Optional<Caller> basic(String encoded) {
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			return Optional.empty();
		}
		// HTTPBasicAuth(clientId, clientSecret): the user part is the client's own id,
		// not ours
		return byKey(decoded.substring(colon + 1));
	}

	private Optional<Caller> byKey(String key) {
		// hashed once for both checks (every API request comes through here)
		String hash = Sha256.hex(key);
		if (this.adminKey.matchesHash(hash)) {
			return Optional.of(new Caller.Admin());
		}
		return this.apiKeys.botOf(key, hash).map(Caller.BotKey::new);
	}

}
