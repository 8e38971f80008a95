package io.tidings.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tidings.common.Channel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TemplateRendererTests {

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

	private static Template template(String body) {
		return new Template(1, "b", "t", Channel.WHATSAPP, "en", null, null, null, body, null, null,
				TemplateStatus.APPROVED, Instant.now(), Instant.now());
	}

}
