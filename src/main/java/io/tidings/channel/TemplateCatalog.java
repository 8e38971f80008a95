package io.tidings.channel;

import java.util.List;
import java.util.Map;

/**
 * Reads the templates a vendor account holds (WhatsApp: the Business Account's message
 * templates).
 */
public interface TemplateCatalog {

	/**
	 * Every template of the account the settings name, all pages read.
	 * @throws TemplateCatalogException when the vendor refuses or cannot be reached
	 * @throws InvalidChannelSettingsException when the settings cannot name an account
	 */
	List<VendorTemplate> fetch(Map<String, Object> settings);

}
