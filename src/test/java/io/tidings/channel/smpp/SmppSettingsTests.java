package io.tidings.channel.smpp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tidings.channel.InvalidChannelSettingsException;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SmppSettingsTests {

	@Test
	void onlyHostPortAndSystemIdAreRequired() {
		SmppSettings settings = SmppSettings.from(valid(Map.of()));
		assertThat(settings.binds()).isEqualTo(1);
		assertThat(settings.window()).isEqualTo(10);
		assertThat(settings.enquireLinkSeconds()).isEqualTo(30);
		assertThat(settings.senders()).isEmpty();
		assertThat(settings.password()).isNull();
	}

	@Test
	void everyBadFieldIsNamed() {
		assertRefused(without("host"), "host");
		assertRefused(without("port"), "port");
		assertRefused(without("systemId"), "systemId");
		assertRefused(valid(Map.of("port", 0)), "port");
		assertRefused(valid(Map.of("port", 65536)), "port");
		assertRefused(valid(Map.of("port", "2775")), "port");
		assertRefused(valid(Map.of("binds", 11)), "binds");
		assertRefused(valid(Map.of("window", 0)), "window");
		assertRefused(valid(Map.of("window", 1001)), "window");
		assertRefused(valid(Map.of("enquireLinkSeconds", 3601)), "enquireLinkSeconds");
		assertRefused(valid(Map.of("sourceTon", 256)), "sourceTon");
		assertRefused(valid(Map.of("sourceNpi", -1)), "sourceNpi");
		assertRefused(valid(Map.of("senders", "Tidings")), "senders");
		assertRefused(valid(Map.of("senders", List.of("Tidings", 5))), "senders");
		assertRefused(valid(Map.of("password", 1234)), "password");
		assertRefused(valid(Map.of("systemType", List.of())), "systemType");
	}

	@Test
	void stringsLongerThanSmppAllowsAreRefused() {
		assertRefused(valid(Map.of("password", "123456789")), "password");
		assertRefused(valid(Map.of("systemId", "a".repeat(16))), "systemId");
	}

	@Test
	void longNumbersFromJsonAreAccepted() {
		assertThat(SmppSettings.from(valid(Map.of("port", 2775L))).port()).isEqualTo(2775);
	}

	@Test
	void firstAllowedSenderIsTheDefaultSource() {
		SmppSettings settings = SmppSettings.from(valid(Map.of("senders", List.of("Tidings", "Alerts"))));
		assertThat(settings.source(null))
			.isEqualTo(new SmppAddress(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, "Tidings"));
		assertThat(settings.source("Alerts").address()).isEqualTo("Alerts");
		assertThat(settings.source("Other")).isNull();
	}

	@Test
	void systemIdIsTheSourceWhenNothingElseIs() {
		assertThat(SmppSettings.from(valid(Map.of())).source(" ").address()).isEqualTo("tidings");
	}

	@Test
	void thePasswordNeverAppearsInTheDescription() {
		assertThat(SmppSettings.from(valid(Map.of("password", "secret"))).toString()).doesNotContain("secret");
	}

	private static void assertRefused(Map<String, Object> settings, String field) {
		assertThatExceptionOfType(InvalidChannelSettingsException.class).isThrownBy(() -> SmppSettings.from(settings))
			.withMessageContaining(field);
	}

	private static Map<String, Object> valid(Map<String, Object> extra) {
		Map<String, Object> settings = new HashMap<>(
				Map.of("host", "smsc.example.com", "port", 2775, "systemId", "tidings"));
		settings.putAll(extra);
		return settings;
	}

	private static Map<String, Object> without(String field) {
		Map<String, Object> settings = valid(Map.of());
		settings.remove(field);
		return settings;
	}

}
