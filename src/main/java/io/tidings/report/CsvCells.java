package io.tidings.report;

/**
 * Cell values safe to open in a spreadsheet: a cell that starts like a formula is
 * prefixed with an apostrophe (OWASP CSV injection guidance).
 */
final class CsvCells {

	private CsvCells() {
	}

	static String safe(String value) {
		if (value == null || value.isEmpty()) {
			return value;
		}
		char first = value.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			return "'" + value;
		}
		return value;
	}

}
