package io.tidings.channel;

import java.util.List;
import java.util.Map;

/**
 * A message template as a vendor's account holds it (a WhatsApp Business Account's
 * template), already read out of the vendor's component structure.
 *
 * @param status the vendor's status word, e.g. {@code APPROVED}, {@code IN_APPEAL}
 * @param qualityScore the vendor's quality word ({@code GREEN}, {@code YELLOW},
 * {@code RED}, {@code UNKNOWN}), or null
 * @param header the header text, or null (no header, or a media header)
 * @param buttons the buttons as the vendor wrote them, or null
 */
public record VendorTemplate(String externalId, String name, String language, String category, String status,
		String qualityScore, String header, String body, String footer, List<Map<String, Object>> buttons) {
}
