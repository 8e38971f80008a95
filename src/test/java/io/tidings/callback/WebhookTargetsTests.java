package io.tidings.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import io.tidings.common.InvalidFieldException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WebhookTargetsTests {

	/** Names resolve from this table only: the tests look nothing up. */
	private static final Map<String, String> NAMES = Map.of("hooks.example.com", "93.184.216.34", "localhost",
			"127.0.0.1", "internal.example.com", "10.1.2.3", "mixed.example.com", "93.184.216.34,192.168.0.7",
			"v6.example.com", "2606:2800:220:1:248:1893:25c8:1946");

	private final WebhookTargets strict = new WebhookTargets(List.of(), WebhookTargetsTests::resolve);

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8080/hook", "http://127.1:8080/", "http://2130706433:8080/",
			"http://0x7f000001:8080/", "http://0x7f.0x0.0x0.0x1/", "http://127.000.000.001/", "http://localhost:9/",
			"http://LOCALHOST./", "http://[::1]:8080/", "http://[0:0:0:0:0:0:0:1]/", "http://[::ffff:127.0.0.1]:80/",
			"http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/", "http://0.0.0.0:8080/", "http://0/", "http://[::]/",
			"http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data",
			"http://100.64.0.1/", "http://224.0.0.1/", "http://255.255.255.255/", "http://[fd00::1]/",
			"http://[fe80::1]/", "http://[ff02::1]/", "http://[2002:7f00:1::]/", "http://[64:ff9b::7f00:1]/",
			"https://internal.example.com/", "https://mixed.example.com/" })
	void loopbackPrivateAndUnspecifiedTargetsAreRefusedInEverySpelling(String url) {
		assertThatExceptionOfType(UnsafeWebhookTargetException.class)
			.isThrownBy(() -> this.strict.check(url, "postbackUrl"))
			.withMessageStartingWith("postbackUrl ")
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.field()).isEqualTo("postbackUrl"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://hooks.example.com/", "file:///etc/passwd", "gopher://hooks.example.com/",
			"http://user@hooks.example.com/", "http://hooks.example.com@127.0.0.1/", "http://a:b@127.0.0.1/",
			"hooks.example.com/x", "http:///x", "http://exa mple.com/", "javascript:alert(1)" })
	void urlsThatAreNotPlainHttpOrCarryUserInformationAreRefused(String url) {
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> this.strict.check(url, "postbackUrl"))
			.withMessageStartingWith("postbackUrl ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://hooks.example.com/status", "http://hooks.example.com:8443/a?b=c",
			"https://93.184.216.34/", "https://v6.example.com/", "https://[2606:2800:220:1:248:1893:25c8:1946]/" })
	void publicTargetsAreAccepted(String url) {
		assertThatCode(() -> this.strict.check(url, "postbackUrl")).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8080/", "http://localhost:8080/", "http://[::1]:8080/",
			"http://10.20.30.40/" })
	void operatorsAllowNetworksTheyNeed(String url) {
		WebhookTargets allowing = new WebhookTargets(WebhookTargets.Network.parseAll("127.0.0.0/8, ::1/128,10.0.0.0/8"),
				WebhookTargetsTests::resolve);
		assertThatCode(() -> allowing.check(url, "postbackUrl")).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://192.168.0.1/", "http://169.254.169.254/", "http://127.1/" })
	void allowingOneNetworkAllowsNoOther(String url) {
		WebhookTargets allowing = new WebhookTargets(WebhookTargets.Network.parseAll("127.0.0.0/8,10.0.0.0/8"),
				WebhookTargetsTests::resolve);
		assertThatExceptionOfType(UnsafeWebhookTargetException.class)
			.isThrownBy(() -> allowing.check(url, "config.postbackUrl"));
	}

	static InetAddress[] resolve(String host) throws UnknownHostException {
		String key = host.toLowerCase(java.util.Locale.ROOT);
		key = key.endsWith(".") ? key.substring(0, key.length() - 1) : key;
		String addresses = NAMES.get(key);
		if (addresses != null) {
			String[] parts = addresses.split(",");
			InetAddress[] resolved = new InetAddress[parts.length];
			for (int i = 0; i < parts.length; i++) {
				resolved[i] = InetAddress.getByName(parts[i]);
			}
			return resolved;
		}
		if (host.contains(":") || host.matches("[0-9.]+")) {
			// a literal: parsed, never looked up
			return new InetAddress[] { InetAddress.getByName(host) };
		}
		throw new UnknownHostException(host);
	}

}
