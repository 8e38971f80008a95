package io.tidings.template;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tidings.common.Channel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TemplateRendererTests {

	// the pattern as it was matched on every send before texts were parsed once
	private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*\\}\\}");

	@Test
	void fillsPositionalAndNamedPlaceholders() {
		Template template = template("Hi {{1}}, your EMI of {{ emiValue }} is due. Balance {{balance}}.");
		Rendered rendered = TemplateRenderer.render(template,
				Map.of("1", "Asha", "emiValue", "15000", "balance", "79999"));
		assertThat(rendered.body()).isEqualTo("Hi Asha, your EMI of 15000 is due. Balance 79999.");
		assertThat(rendered.bodyParams()).containsExactly("Asha", "15000", "79999");
	}

	@Test
	void valuesAreInsertedVerbatim() {
		Rendered rendered = TemplateRenderer.render(template("Pay {{1}}"), Map.of("1", "$5 <b>now</b> \\1"));
		assertThat(rendered.body()).isEqualTo("Pay $5 <b>now</b> \\1");
	}

	@Test
	void missingValuesAreAllNamed() {
		assertThatExceptionOfType(MissingParametersException.class)
			.isThrownBy(() -> TemplateRenderer.render(template("{{1}} {{2}} {{name}}"), Map.of("1", "x")))
			.satisfies((ex) -> assertThat(ex.missing()).containsExactly("2", "name"));
	}

	@Test
	void placeholdersAreListedOnceInOrderOfAppearance() {
		assertThat(Placeholders.of("{{2}} and {{1}} and {{2}}", null, "{{x}}")).containsExactly("2", "1", "x");
	}

	@Test
	void subjectAndHeaderAreRenderedToo() {
		Template template = new Template(1, "b", "t", Channel.EMAIL, "en", null, "Dear {{1}}", "Order {{2}}",
				"Body {{1}}", null, List.of(), TemplateStatus.APPROVED, Instant.now(), Instant.now());
		Rendered rendered = TemplateRenderer.render(template, Map.of("1", "A", "2", "9"));
		assertThat(rendered.subject()).isEqualTo("Order 9");
		assertThat(rendered.header()).isEqualTo("Dear A");
		assertThat(rendered.bodyParams()).containsExactly("A");
	}

	@Test
	void parsedTextsRenderExactlyAsThePatternReplacesThem() {
		Random random = new Random(20261201);
		String[] pieces = { "{{", "}}", "{", "}", " ", "1", "2", "name", "a.b", "x-y", "_", "é", "$", "\\", "{{1}}",
				"{{ 2 }}", "{{name}}", "{{  a.b}}", "{{x-y }}", "{{}}", "{{ }}", "{{1 2}}", "{{{1}}}", "text" };
		for (int round = 0; round < 20_000; round++) {
			StringBuilder text = new StringBuilder();
			for (int i = random.nextInt(12); i >= 0; i--) {
				text.append(pieces[random.nextInt(pieces.length)]);
			}
			Map<String, String> params = new HashMap<>();
			for (String name : List.of("1", "2", "name", "a.b", "x-y")) {
				if (random.nextInt(5) > 0) {
					params.put(name, pieces[random.nextInt(pieces.length)] + round);
				}
			}
			String expected;
			List<String> expectedMissing = new ArrayList<>();
			Matcher matcher = REFERENCE.matcher(text);
			StringBuilder out = new StringBuilder();
			while (matcher.find()) {
				String value = params.get(matcher.group(1));
				if (value == null) {
					expectedMissing.add(matcher.group(1));
				}
				matcher.appendReplacement(out, Matcher.quoteReplacement((value != null) ? value : ""));
			}
			matcher.appendTail(out);
			expected = out.toString();
			String source = text.toString();
			// twice: the second render uses the parsed form the first one kept
			for (int pass = 0; pass < 2; pass++) {
				if (expectedMissing.isEmpty()) {
					assertThat(Placeholders.render(source, params)).as(source).isEqualTo(expected);
				}
				else {
					assertThatExceptionOfType(MissingParametersException.class)
						.isThrownBy(() -> Placeholders.render(source, params))
						.satisfies((ex) -> assertThat(ex.missing()).as(source).isEqualTo(expectedMissing));
				}
			}
			assertThat(Placeholders.missing(params, source, null, source)).as(source)
				.isEqualTo(new ArrayList<>(new LinkedHashSet<>(expectedMissing)));
		}
	}

	private static Template template(String body) {
		return new Template(1, "b", "t", Channel.WHATSAPP, "en", null, null, null, body, null, null,
				TemplateStatus.APPROVED, Instant.now(), Instant.now());
	}

}
