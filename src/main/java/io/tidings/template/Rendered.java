package io.tidings.template;

import java.util.List;

/**
 * A template filled for one recipient.
 *
 * @param bodyParams the values of the body's placeholders in placeholder order, as
 * WhatsApp template sends need them
 */
public record Rendered(String subject, String header, String body, String footer, List<String> bodyParams) {
}
