package io.tidings.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every provider promises, proven against its real peer on loopback: an accepted
 * message carries the vendor's id, a transient failure is retried, a refusal is final, an
 * unreachable peer is retried, and no vendor error escapes as an exception.
 */
public abstract class ProviderContractTests {

	/**
	 * The provider under test, configured for the peer.
	 */
	protected abstract Provider provider();

	/**
	 * A message the peer can take.
	 */
	protected abstract Delivery delivery();

	protected abstract void peerAccepts() throws Exception;

	protected abstract void peerFailsTransiently() throws Exception;

	protected abstract void peerRefuses() throws Exception;

	protected abstract void peerIsDown() throws Exception;

	@Test
	void acceptedMessageCarriesTheVendorsId() throws Exception {
		peerAccepts();
		SendResult result = provider().send(delivery());
		assertThat(result).isInstanceOfSatisfying(SendResult.Accepted.class,
				(accepted) -> assertThat(accepted.providerRef()).isNotBlank());
	}

	@Test
	void transientFailureIsRetried() throws Exception {
		peerFailsTransiently();
		assertThat(provider().send(delivery())).isInstanceOf(SendResult.Retryable.class);
	}

	@Test
	void refusalIsFinal() throws Exception {
		peerRefuses();
		assertThat(provider().send(delivery())).isInstanceOf(SendResult.Permanent.class);
	}

	@Test
	void unreachablePeerIsRetried() throws Exception {
		peerIsDown();
		assertThat(provider().send(delivery())).isInstanceOfAny(SendResult.Retryable.class, SendResult.Deferred.class);
	}

}
