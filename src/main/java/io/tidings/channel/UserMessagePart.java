package io.tidings.channel;

import java.time.Instant;

/**
 * One part of a concatenated message a user sent, as the bytes of its text (its header
 * removed): the parts are joined before they are decoded, so that a character split
 * between two parts (a UCS-2 surrogate pair, a GSM escape) comes out whole.
 *
 * @param from the sender's number as the vendor wrote it
 * @param reference the message's reference as the provider gave it
 * @param total how many parts the message has
 * @param seq this part's place, from 1
 * @param body the bytes of this part's text
 * @param coding how the bytes are encoded, as the provider names it (SMPP: its
 * {@code data_coding})
 * @param decoder turns the joined bytes of all parts into the text
 */
public record UserMessagePart(String from, String reference, int total, int seq, byte[] body, int coding,
		Instant receivedAt, Decoder decoder) {

	/**
	 * The text of this part alone (a provider that does not concatenate, or a part whose
	 * siblings came in another coding).
	 */
	public String text() {
		return this.decoder.decode(this.body, this.coding);
	}

	/**
	 * Decodes the bytes of one or more parts of a provider's coding.
	 */
	@FunctionalInterface
	public interface Decoder {

		/**
		 * The text of these bytes in this coding.
		 */
		String decode(byte[] bytes, int coding);

	}

}
