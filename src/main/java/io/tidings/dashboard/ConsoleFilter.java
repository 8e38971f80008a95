package io.tidings.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tidings.common.InvalidFieldException;
import io.tidings.notification.NotificationFilter;

/**
 * The notifications page's filter form (API.md §5 filters: campaign, template, a range of
 * UTC days) and its problems, named by field.
 *
 * @param error what was wrong with the form, or null
 */
public record ConsoleFilter(String campaignId, String elementName, String from, String to, NotificationFilter filter,
		String error) {

	static ConsoleFilter of(String campaignId, String elementName, String from, String to) {
		String campaign = blankToNull(campaignId);
		String element = blankToNull(elementName);
		try {
			Instant start = day("from", from);
			Instant end = day("to", to);
			if (end != null) {
				end = end.plusSeconds(86_400);
			}
			if (start != null && end != null && !start.isBefore(end)) {
				throw new InvalidFieldException("from", "from must not be after to");
			}
			return new ConsoleFilter(campaign, element, blankToNull(from), blankToNull(to),
					new NotificationFilter(campaign, element, start, end), null);
		}
		catch (InvalidFieldException ex) {
			return new ConsoleFilter(campaign, element, blankToNull(from), blankToNull(to),
					new NotificationFilter(campaign, element, null, null), ex.getMessage());
		}
	}

	/**
	 * The filter as query parameters, for links to other pages of the same list.
	 */
	public Map<String, String> params() {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("campaignId", (this.campaignId != null) ? this.campaignId : "");
		params.put("elementName", (this.elementName != null) ? this.elementName : "");
		params.put("from", (this.from != null && this.error == null) ? this.from : "");
		params.put("to", (this.to != null && this.error == null) ? this.to : "");
		return params;
	}

	/**
	 * The start of a UTC day given as YYYY-MM-DD, or null when blank.
	 * @throws InvalidFieldException naming the field otherwise
	 */
	static Instant day(String field, String value) {
		String text = blankToNull(value);
		if (text == null) {
			return null;
		}
		try {
			return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidFieldException(field, field + " must be a date (YYYY-MM-DD)");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
