package io.tidings.template;

import java.util.Locale;

/**
 * Where a template comes from: typed in through the API or console, or synced from the
 * vendor's account (Meta's WhatsApp Business Account).
 */
public enum TemplateSource {

	MANUAL, META;

	public String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static TemplateSource fromWire(String wire) {
		return (wire != null) ? valueOf(wire.toUpperCase(Locale.ROOT)) : MANUAL;
	}

}
