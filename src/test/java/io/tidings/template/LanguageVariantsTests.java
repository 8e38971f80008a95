package io.tidings.template;

import java.time.Instant;
import java.util.List;

import io.tidings.common.Channel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageVariantsTests {

	@Test
	void theLanguageAskedForIsTheOneSent() {
		assertThat(LanguageVariants.pick(variants("en_US", "es", "pt_BR"), "es")).map(Template::language)
			.hasValue("es");
		assertThat(LanguageVariants.pick(variants("en_US", "es"), "fr")).isEmpty();
	}

	@Test
	void withoutALanguageTheOnlyVariantIsSentWhateverItsLanguage() {
		assertThat(LanguageVariants.pick(variants("pt_BR"), null)).map(Template::language).hasValue("pt_BR");
	}

	@Test
	void withoutALanguageAmericanEnglishComesBeforeEnglish() {
		assertThat(LanguageVariants.pick(variants("en", "es", "en_US"), null)).map(Template::language)
			.hasValue("en_US");
		assertThat(LanguageVariants.pick(variants("es", "en"), null)).map(Template::language).hasValue("en");
	}

	@Test
	void withoutALanguageAndWithoutEnglishNoVariantIsGuessed() {
		assertThat(LanguageVariants.pick(variants("es", "pt_BR"), null)).isEmpty();
		assertThat(LanguageVariants.pick(List.of(), null)).isEmpty();
	}

	private static List<Template> variants(String... languages) {
		Instant now = Instant.parse("2026-11-30T00:00:00Z");
		return java.util.Arrays.stream(languages)
			.map((language) -> new Template(1, "bot", "order_update", Channel.WHATSAPP, language, null, null, null,
					"Body", null, null, TemplateStatus.APPROVED, now, now))
			.toList();
	}

}
