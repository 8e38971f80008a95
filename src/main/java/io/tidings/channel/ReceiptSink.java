package io.tidings.channel;

import java.util.List;

/**
 * Where providers hand the statuses they report on their own connections (SMPP
 * {@code deliver_sm}); the receipt module applies them to notifications.
 */
public interface ReceiptSink {

	/**
	 * Applies the receipts; unknown message ids are ignored.
	 */
	void accept(List<ProviderReceipt> receipts);

}
