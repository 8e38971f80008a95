package io.tidings.recipient;

import java.util.Map;

/**
 * A contact as a client gives it, before normalisation.
 *
 * @param row where it stood: the CSV line (header = 1) or the 1-based index in a JSON
 * array
 * @param attributes per-contact template values
 */
public record ContactInput(long row, String number, String email, Map<String, String> attributes) {
}
