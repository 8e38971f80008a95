package io.tidings.suppression;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tidings.channel.UnsubscribeLinkSource;
import io.tidings.common.Channel;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The one-click unsubscribe links of emails (RFC 8058, API.md §14): a token naming the
 * bot and the address, signed with a key kept in the database (so every instance signs
 * and checks alike), under {@code TIDINGS_PUBLIC_URL}.
 */
@Service
public class UnsubscribeLinks implements UnsubscribeLinkSource {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private final JdbcClient jdbc;

	private final Environment environment;

	private volatile byte[] key;

	UnsubscribeLinks(JdbcClient jdbc, Environment environment) {
		this.jdbc = jdbc;
		this.environment = environment;
	}

	/**
	 * The URL that unsubscribes this address from the bot's emails.
	 */
	@Override
	public String url(String botId, String address) {
		String payload = ENCODER
			.encodeToString((botId + "\n" + Suppressions.key(Channel.EMAIL, address)).getBytes(StandardCharsets.UTF_8));
		return publicUrl() + "/unsubscribe/" + payload + "." + ENCODER.encodeToString(sign(payload));
	}

	/**
	 * The bot and address a token names, when its signature is ours.
	 */
	public Optional<Recipient> verify(String token) {
		int dot = (token != null) ? token.indexOf('.') : -1;
		if (dot <= 0) {
			return Optional.empty();
		}
		String payload = token.substring(0, dot);
		try {
			byte[] signature = DECODER.decode(token.substring(dot + 1));
			if (!MessageDigest.isEqual(signature, sign(payload))) {
				return Optional.empty();
			}
			String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split("\n", 2);
			return (parts.length == 2) ? Optional.of(new Recipient(parts[0], parts[1])) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The base URL clients reach the service at: {@code TIDINGS_PUBLIC_URL}, else this
	 * instance on localhost.
	 */
	String publicUrl() {
		String configured = this.environment.getProperty("tidings.public-url");
		if (configured != null && !configured.isBlank()) {
			return configured.replaceAll("/+$", "");
		}
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		return "http://localhost:" + port;
	}

	private byte[] sign(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key(), "HmacSHA256"));
			return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] key() {
		byte[] current = this.key;
		if (current == null) {
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			this.jdbc.sql(
					"insert into app_setting (name, value) values ('unsubscribe_key', ?) on conflict (name) do nothing")
				.param(Base64.getEncoder().encodeToString(fresh))
				.update();
			current = Base64.getDecoder()
				.decode(this.jdbc.sql("select value from app_setting where name = 'unsubscribe_key'")
					.query(String.class)
					.single());
			this.key = current;
		}
		return current;
	}

	/**
	 * Who a valid token unsubscribes.
	 */
	public record Recipient(String botId, String address) {
	}

}
