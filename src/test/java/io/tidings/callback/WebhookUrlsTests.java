package io.tidings.callback;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookUrlsTests {

	@Test
	void endpointIsSchemeHostAndPortWhateverThePathAndQuery() {
		assertThat(WebhookUrls.authority("http://127.0.0.1:8080/hooks/a?x=1"))
			.isEqualTo(WebhookUrls.authority("http://127.0.0.1:8080/other"))
			.isEqualTo("http://127.0.0.1:8080");
		assertThat(WebhookUrls.authority("https://hooks.example.com/a")).isEqualTo("https://hooks.example.com");
	}

	@Test
	void urlIsParsedAsTheJdkParsesItAndKeptAfterManyOthers() {
		String url = "http://127.0.0.1:9/a?b=c";
		assertThat(WebhookUrls.uri(url)).isEqualTo(URI.create(url));
		for (int i = 0; i < 10_000; i++) {
			WebhookUrls.uri("http://127.0.0.1:9/m/" + i);
		}
		assertThat(WebhookUrls.uri(url)).isEqualTo(URI.create(url));
		assertThat(WebhookUrls.authority("http://127.0.0.1:9/m/9999")).isEqualTo("http://127.0.0.1:9");
	}

	@Test
	void unparseableUrlIsItsOwnEndpointAndRefusedAsARequest() {
		assertThat(WebhookUrls.authority("http://a b/")).isEqualTo("http://a b/");
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookUrls.uri("http://a b/"));
	}

}
