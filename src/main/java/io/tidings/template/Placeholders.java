package io.tidings.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders {@code {{1}}}, {@code {{2}}} … or {@code {{name}}}: finding and filling
 * them. Values are inserted as they are (no HTML escaping: the channel decides how to
 * encode).
 */
public final class Placeholders {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*\\}\\}");

	private Placeholders() {
	}

	/**
	 * The distinct placeholder names in these texts, in order of first appearance.
	 */
	public static List<String> of(String... texts) {
		Set<String> names = new LinkedHashSet<>();
		for (String text : texts) {
			if (text != null && text.contains("{{")) {
				Matcher matcher = PLACEHOLDER.matcher(text);
				while (matcher.find()) {
					names.add(matcher.group(1));
				}
			}
		}
		return new ArrayList<>(names);
	}

	/**
	 * The names among {@code placeholders} that {@code params} has no value for.
	 */
	public static List<String> missing(List<String> placeholders, Map<String, String> params) {
		return placeholders.stream().filter((name) -> params.get(name) == null).toList();
	}

	/**
	 * Fills every placeholder of {@code text} from {@code params}.
	 * @throws MissingParametersException when a value is missing
	 */
	public static String render(String text, Map<String, String> params) {
		if (text == null || !text.contains("{{")) {
			return text;
		}
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder out = new StringBuilder(text.length() + 32);
		List<String> missing = new ArrayList<>();
		while (matcher.find()) {
			String value = params.get(matcher.group(1));
			if (value == null) {
				missing.add(matcher.group(1));
				value = "";
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		if (!missing.isEmpty()) {
			throw new MissingParametersException(missing);
		}
		matcher.appendTail(out);
		return out.toString();
	}

}
