package io.tidings.channel.smpp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SmppEncodingTests {

	@Test
	void plainTextIsOneGsmPartOfUnpackedSeptets() {
		SmppEncoding.Encoded encoded = SmppEncoding.encode("Hello @ £5", 1);
		assertThat(encoded.dataCoding()).isEqualTo(SmppEncoding.GSM);
		assertThat(encoded.concatenated()).isFalse();
		assertThat(encoded.parts().get(0)).containsExactly('H', 'e', 'l', 'l', 'o', ' ', 0x00, ' ', 0x01, '5');
	}

	@Test
	void extensionCharactersAreEscapedAndCountTwice() {
		assertThat(SmppEncoding.encode("€[", 1).parts().get(0)).containsExactly(0x1B, 0x65, 0x1B, 0x3C);
		assertThat(SmppEncoding.encode("{".repeat(80), 1).concatenated()).isFalse();
		assertThat(SmppEncoding.encode("{".repeat(81), 1).concatenated()).isTrue();
	}

	@Test
	void oneHundredSixtyGsmCharactersStillFitOnePart() {
		assertThat(SmppEncoding.encode("a".repeat(160), 1).parts()).hasSize(1);
	}

	@Test
	void longGsmTextIsSplitIn153SeptetPartsWithAConcatenationHeader() {
		SmppEncoding.Encoded encoded = SmppEncoding.encode("x".repeat(300), 0x1FA);
		assertThat(encoded.parts()).hasSize(2);
		assertThat(header(encoded.parts().get(0))).containsExactly(0x05, 0x00, 0x03, 0xFA, 0x02, 0x01);
		assertThat(header(encoded.parts().get(1))).containsExactly(0x05, 0x00, 0x03, 0xFA, 0x02, 0x02);
		assertThat(encoded.parts().get(0)).hasSize(6 + 153);
		assertThat(encoded.parts().get(1)).hasSize(6 + 147);
	}

	@Test
	void anEscapePairIsNeverSplitAcrossParts() {
		SmppEncoding.Encoded encoded = SmppEncoding.encode("a".repeat(152) + "€" + "b".repeat(10), 7);
		assertThat(encoded.parts().get(0)).hasSize(6 + 152);
		assertThat(Arrays.copyOfRange(encoded.parts().get(1), 6, 8)).containsExactly(0x1B, 0x65);
	}

	@Test
	void oneCharacterOutsideGsmMakesTheWholeTextUcs2() {
		SmppEncoding.Encoded encoded = SmppEncoding.encode("Cześć ł", 1);
		assertThat(encoded.dataCoding()).isEqualTo(SmppEncoding.UCS2);
		assertThat(new String(encoded.parts().get(0), StandardCharsets.UTF_16BE)).isEqualTo("Cześć ł");
	}

	@Test
	void longUcs2TextIsSplitIn67CharacterParts() {
		SmppEncoding.Encoded encoded = SmppEncoding.encode("ł".repeat(140), 3);
		assertThat(encoded.parts()).extracting((part) -> (part.length - 6) / 2).containsExactly(67, 67, 6);
		assertThat(SmppEncoding.encode("ł".repeat(70), 3).parts()).hasSize(1);
	}

	@Test
	void anEmojiIsNeverSplitAcrossParts() {
		SmppEncoding.Encoded encoded = SmppEncoding.encode("a".repeat(66) + "😀" + "b".repeat(10), 1);
		assertThat(encoded.parts().get(0)).hasSize(6 + 66 * 2);
		assertThat(new String(Arrays.copyOfRange(encoded.parts().get(1), 6, 10), StandardCharsets.UTF_16BE))
			.isEqualTo("😀");
	}

	@Test
	void everyGsmCharacterIsRecognisedAndOthersAreNot() {
		assertThat(SmppEncoding.isGsm("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà^{}\\[~]|€\f\r\n")).isTrue();
		assertThat(SmppEncoding.isGsm("á")).isFalse();
	}

	@Test
	void textNeedingMoreThan255PartsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SmppEncoding.encode("x".repeat(153 * 255 + 1), 1));
	}

	private static byte[] header(byte[] part) {
		return Arrays.copyOfRange(part, 0, 6);
	}

}
