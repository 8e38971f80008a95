package io.tidings.callback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts webhook bodies: one shared client keeping connections alive per endpoint, a
 * timeout on connect and response, no redirects (a 3xx is a failed attempt), and every
 * new connection made only to addresses {@link WebhookTargets} permits, checked on the
 * very addresses the connection uses, so a resolver that answers differently later cannot
 * get through.
 */
@Component
class WebhookClient implements DisposableBean {

	private static final String STOPPING = "not sent: the service is stopping";

	private static final String USER_AGENT = "Tidings-Webhooks/1";

	private final CloseableHttpClient http;

	private final RequestConfig config;

	private final IdleConnectionEvictor evictor;

	// set when the context closes: an attempt still under way then (a handed-off first
	// attempt, a retry) ends as not answered instead of failing on the closed pool; its
	// delivery is retried from its row
	private volatile boolean closed;

	WebhookClient(WebhookTargets targets, CallbackProperties properties) {
		Timeout timeout = Timeout.of(properties.timeout());
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(new CheckingResolver(targets))
			// first attempts (the event stream) and retries share the pool
			.setMaxConnTotal(Math.max(properties.maxInFlight() + properties.streamInFlight(), 1))
			.setMaxConnPerRoute(Math.max(properties.perEndpoint(), 1))
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(timeout)
				.setSocketTimeout(timeout)
				.setTimeToLive(TimeValue.ofMinutes(5))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.build();
		// the pool's socket timeout bounds the answer; this bounds the wait for a pooled
		// connection (3 minutes by default)
		this.config = RequestConfig.custom().setConnectionRequestTimeout(timeout).build();
		// the minimal client: a request goes from the pool straight to the connection,
		// with only the Host, Content-Length, Connection and User-Agent headers added.
		// What the full client's chain does on top is what a webhook must not have
		// anyway (redirects, retries, cookies, authentication, decompression: an
		// answer's body is never read, any 2xx is success). In JFR profiles of the SMS
		// side by side (one callback per SMS; the jar with its AOT cache before, plain
		// after) the client's share of the JVM's samples went from 13.9% to 8.4%, the
		// callback threads' from 17.4% to 12.1%: the full chain parsed the URI's route
		// and path prefix again and ran its redirect, retry and protocol stages on every
		// request
		this.http = HttpClients.createMinimal(connections);
		this.evictor = new IdleConnectionEvictor(connections, TimeValue.ofMinutes(1));
		this.evictor.start();
	}

	/**
	 * Posts a JSON body and answers the status code, or the error that kept the request
	 * from getting one, with how long it took.
	 */
	Result post(String url, Map<String, String> headers, byte[] body) {
		long started = System.nanoTime();
		if (this.closed) {
			return new Result(null, STOPPING, 0);
		}
		try {
			HttpPost post = new HttpPost(WebhookUrls.uri(url));
			post.setConfig(this.config);
			post.setHeader(HttpHeaders.USER_AGENT, USER_AGENT);
			headers.forEach(post::setHeader);
			post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
			int status = this.http.execute(post, (response) -> {
				EntityUtils.consume(response.getEntity());
				return response.getCode();
			});
			return new Result(status, null, elapsed(started));
		}
		catch (WebhookTargets.RefusedTargetException ex) {
			return new Result(null, "refused target: " + ex.getMessage(), elapsed(started));
		}
		catch (IOException | IllegalArgumentException ex) {
			if (this.closed) {
				return new Result(null, STOPPING, elapsed(started));
			}
			String message = (ex.getMessage() != null) ? ": " + ex.getMessage() : "";
			return new Result(null, ex.getClass().getSimpleName() + message, elapsed(started));
		}
		catch (IllegalStateException ex) {
			// the pool was shut down under the request
			if (this.closed) {
				return new Result(null, STOPPING, elapsed(started));
			}
			throw ex;
		}
	}

	@Override
	public void destroy() throws IOException {
		this.closed = true;
		this.evictor.shutdown();
		this.http.close();
	}

	private static int elapsed(long startNanos) {
		return (int) TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

	/**
	 * One attempt's outcome: a status code, or an error.
	 */
	record Result(Integer statusCode, String error, int durationMs) {
	}

	/**
	 * Resolves for each new connection and hands the connection only addresses the policy
	 * permits.
	 */
	private record CheckingResolver(WebhookTargets targets) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			return this.targets.addresses(host);
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			return host;
		}

	}

}
