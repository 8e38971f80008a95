package io.tidings.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholders {@code {{1}}}, {@code {{2}}} … or {@code {{name}}}: finding and filling
 * them. Values are inserted as they are (no HTML escaping: the channel decides how to
 * encode).
 */
public final class Placeholders {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*\\}\\}");

	// a text is parsed once into its literal parts and placeholders: every send renders
	// a template from the cache, and matching the pattern two or three times per text
	// per send was 3.8% of the JVM's samples per SMS. Templates are few, but the console
	// previews texts that are never saved: the map starts again past 10,000 texts or 2
	// million characters (a few MiB with the parsed copies), whichever comes first
	private static final int MAX_TEXTS = 10_000;

	private static final long MAX_CHARS = 2_000_000;

	private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

	private static final AtomicLong PARSED_CHARS = new AtomicLong();

	private Placeholders() {
	}

	/**
	 * The distinct placeholder names in these texts, in order of first appearance.
	 */
	public static List<String> of(String... texts) {
		Set<String> names = new LinkedHashSet<>();
		for (String text : texts) {
			names.addAll(names(text));
		}
		return new ArrayList<>(names);
	}

	/**
	 * The distinct placeholder names of one text, in order of first appearance.
	 */
	public static List<String> names(String text) {
		return (text != null && text.contains("{{")) ? parsed(text).distinct() : List.of();
	}

	/**
	 * The distinct placeholder names of these texts that {@code params} has no value for,
	 * in order of first appearance.
	 */
	public static List<String> missing(Map<String, String> params, String... texts) {
		Set<String> missing = null;
		for (String text : texts) {
			for (String name : names(text)) {
				if (params.get(name) == null) {
					missing = (missing != null) ? missing : new LinkedHashSet<>();
					missing.add(name);
				}
			}
		}
		return (missing != null) ? new ArrayList<>(missing) : List.of();
	}

	/**
	 * Fills every placeholder of {@code text} from {@code params}.
	 * @throws MissingParametersException when a value is missing
	 */
	public static String render(String text, Map<String, String> params) {
		if (text == null || !text.contains("{{")) {
			return text;
		}
		return parsed(text).fill(params);
	}

	private static Parsed parsed(String text) {
		Parsed parsed = PARSED.get(text);
		if (parsed == null) {
			parsed = Parsed.of(text);
			if (PARSED.size() >= MAX_TEXTS || PARSED_CHARS.addAndGet(text.length()) > MAX_CHARS) {
				PARSED.clear();
				PARSED_CHARS.set(text.length());
			}
			PARSED.put(text, parsed);
		}
		return parsed;
	}

	/**
	 * A text as its literal parts around its placeholders: {@code literals} has one more
	 * element than {@code names}.
	 */
	private record Parsed(String[] literals, String[] names, List<String> distinct) {

		static Parsed of(String text) {
			Matcher matcher = PLACEHOLDER.matcher(text);
			List<String> literals = new ArrayList<>();
			List<String> names = new ArrayList<>();
			int end = 0;
			while (matcher.find()) {
				literals.add(text.substring(end, matcher.start()));
				names.add(matcher.group(1));
				end = matcher.end();
			}
			literals.add(text.substring(end));
			return new Parsed(literals.toArray(String[]::new), names.toArray(String[]::new),
					List.copyOf(new LinkedHashSet<>(names)));
		}

		String fill(Map<String, String> params) {
			if (this.names.length == 0) {
				return this.literals[0];
			}
			StringBuilder out = new StringBuilder(this.literals[0].length() + 32 * this.names.length);
			List<String> missing = null;
			for (int i = 0; i < this.names.length; i++) {
				out.append(this.literals[i]);
				String value = params.get(this.names[i]);
				if (value == null) {
					missing = (missing != null) ? missing : new ArrayList<>();
					missing.add(this.names[i]);
				}
				else {
					out.append(value);
				}
			}
			if (missing != null) {
				throw new MissingParametersException(missing);
			}
			return out.append(this.literals[this.names.length]).toString();
		}

	}

}
