package io.tidings.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.tidings.common.InvalidFieldException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which webhook targets Tidings may call (API.md §13): {@code http} or {@code https} URLs
 * whose host is, and resolves to, only public addresses, unless an operator allows a
 * network ({@code TIDINGS_WEBHOOKS_ALLOWED_NETWORKS}). Checked when a client gives a URL
 * and again on every new connection, against the very addresses connected to.
 */
@Component
public class WebhookTargets {

	/** Hosts made of digits, dots and hex that are not plain dotted quads. */
	private static final Pattern ODD_NUMERIC_HOST = Pattern.compile("(?i)[0-9.x]+|[0-9a-fx.]*0x[0-9a-f.x]*");

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	private final List<Network> allowed;

	private final Resolver resolver;

	@Autowired
	WebhookTargets(@Value("${tidings.webhooks.allowed-networks:}") String allowedNetworks) {
		this(Network.parseAll(allowedNetworks), InetAddress::getAllByName);
	}

	WebhookTargets(List<Network> allowed, Resolver resolver) {
		this.allowed = List.copyOf(allowed);
		this.resolver = resolver;
	}

	/**
	 * Checks a URL a client gives for callbacks.
	 * @throws InvalidFieldException naming {@code field} when it is not an http(s) URL,
	 * or {@link UnsafeWebhookTargetException} when its host must not be called
	 */
	public void check(String url, String field) {
		String host = host(url, field);
		try {
			addresses(host);
		}
		catch (UnresolvedTargetException ex) {
			// a name that does not resolve yet cannot be judged now; each connection to
			// it is
			// checked
		}
		catch (RefusedTargetException ex) {
			throw new UnsafeWebhookTargetException(field, field + " " + ex.getMessage());
		}
	}

	/**
	 * Resolves a host for a new connection and returns only addresses that may be called.
	 * @throws RefusedTargetException when the host is refused or resolves to a refused
	 * address
	 */
	InetAddress[] addresses(String host) throws RefusedTargetException {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		String lower = bare.toLowerCase(Locale.ROOT);
		String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
		if (name.equals("localhost") || name.endsWith(".localhost")) {
			// RFC 6761: loopback, whatever a resolver says
			return judged(new InetAddress[] { InetAddress.getLoopbackAddress() });
		}
		if (!bare.contains(":") && ODD_NUMERIC_HOST.matcher(bare).matches() && !DOTTED_QUAD.matcher(bare).matches()) {
			throw new RefusedTargetException("must not use a numeric host other than a dotted IPv4 address");
		}
		return checked(bare, lower);
	}

	private InetAddress[] checked(String bare, String lower) throws RefusedTargetException {
		InetAddress[] resolved;
		try {
			resolved = this.resolver.resolve(bare);
		}
		catch (UnknownHostException ex) {
			throw new UnresolvedTargetException("has a host that does not resolve: " + lower);
		}
		if (resolved.length == 0) {
			throw new UnresolvedTargetException("has a host that does not resolve: " + lower);
		}
		return judged(resolved);
	}

	private InetAddress[] judged(InetAddress[] resolved) throws RefusedTargetException {
		for (InetAddress address : resolved) {
			if (!permitted(address)) {
				throw new RefusedTargetException("must not point to a loopback, private, link-local, multicast or"
						+ " unspecified address (" + address.getHostAddress() + ")");
			}
		}
		return resolved;
	}

	boolean permitted(InetAddress address) {
		for (Network network : this.allowed) {
			if (network.contains(address)) {
				return true;
			}
		}
		return !Addresses.isInternal(address);
	}

	private static String host(String url, String field) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new InvalidFieldException(field, field + " must be an http(s) URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null) {
			throw new InvalidFieldException(field, field + " must be an http(s) URL");
		}
		if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
			throw new InvalidFieldException(field, field + " must not carry user information (user@host)");
		}
		if (uri.getHost() != null && !uri.getHost().isEmpty()) {
			return uri.getHost();
		}
		// java.net.URI does not read hosts such as 127.1 as server names; judge them as
		// written
		String host = uri.getRawAuthority().replaceFirst(":[0-9]*$", "");
		if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-]+")) {
			throw new InvalidFieldException(field, field + " must name a host");
		}
		return host;
	}

	/**
	 * Resolves a host name to its addresses; replaceable in tests.
	 */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * A target Tidings must not call.
	 */
	static class RefusedTargetException extends UnknownHostException {

		RefusedTargetException(String message) {
			super(message);
		}

	}

	/**
	 * A host that does not resolve: no connection can be made to it.
	 */
	static final class UnresolvedTargetException extends RefusedTargetException {

		UnresolvedTargetException(String message) {
			super(message);
		}

	}

	/**
	 * A CIDR block an operator allows.
	 */
	record Network(byte[] prefix, int bits) {

		static List<Network> parseAll(String cidrs) {
			List<Network> networks = new ArrayList<>();
			if (cidrs == null) {
				return networks;
			}
			for (String cidr : cidrs.split(",")) {
				if (!cidr.isBlank()) {
					networks.add(parse(cidr.strip()));
				}
			}
			return networks;
		}

		static Network parse(String cidr) {
			int slash = cidr.indexOf('/');
			String address = (slash < 0) ? cidr : cidr.substring(0, slash);
			if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
				throw new IllegalArgumentException("not a CIDR block: " + cidr);
			}
			try {
				byte[] bytes = InetAddress.getByName(address).getAddress();
				int bits = (slash < 0) ? bytes.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
				if (bits < 0 || bits > bytes.length * 8) {
					throw new IllegalArgumentException("not a CIDR block: " + cidr);
				}
				return new Network(bytes, bits);
			}
			catch (UnknownHostException | NumberFormatException ex) {
				throw new IllegalArgumentException("not a CIDR block: " + cidr, ex);
			}
		}

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != this.prefix.length) {
				return false;
			}
			for (int i = 0; i < this.bits; i++) {
				int mask = 0x80 >>> (i % 8);
				if ((bytes[i / 8] & mask) != (this.prefix[i / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * Address ranges that are never public.
	 */
	static final class Addresses {

		private static final List<Network> INTERNAL_V4 = Network
			.parseAll("0.0.0.0/8,10.0.0.0/8,100.64.0.0/10,127.0.0.0/8,169.254.0.0/16,172.16.0.0/12,192.0.0.0/24,"
					+ "192.0.2.0/24,192.168.0.0/16,198.18.0.0/15,198.51.100.0/24,203.0.113.0/24,224.0.0.0/4,240.0.0.0/4");

		private static final List<Network> INTERNAL_V6 = Network.parseAll(
				"::/96,64:ff9b::/96,64:ff9b:1::/48,100::/64,2001:db8::/32,fc00::/7,fe80::/10," + "fec0::/10,ff00::/8");

		private Addresses() {
		}

		static boolean isInternal(InetAddress address) {
			if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
					|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
				return true;
			}
			if (address instanceof Inet4Address) {
				return INTERNAL_V4.stream().anyMatch((n) -> n.contains(address));
			}
			if (address instanceof Inet6Address v6) {
				byte[] b = v6.getAddress();
				// 6to4 (2002::/16) embeds an IPv4 address: judge that one
				if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
					try {
						return isInternal(InetAddress.getByAddress(new byte[] { b[2], b[3], b[4], b[5] }));
					}
					catch (UnknownHostException ex) {
						return true;
					}
				}
				return INTERNAL_V6.stream().anyMatch((n) -> n.contains(address));
			}
			return true;
		}

	}

}
