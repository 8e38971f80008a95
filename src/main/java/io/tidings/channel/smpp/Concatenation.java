package io.tidings.channel.smpp;

import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;

/**
 * Where a part of a concatenated short message belongs: a user data header's
 * concatenation element (8- or 16-bit reference) or the SAR TLVs of SMPP 3.4.
 *
 * @param reference the message's reference, with the form it came in
 * @param total how many parts the message has (2 to 255)
 * @param seq this part's place, from 1
 */
record Concatenation(String reference, int total, int seq) {

	/**
	 * The part's place, or null when the message is whole (or its concatenation data is
	 * unusable, when it is taken as a whole message).
	 */
	static Concatenation of(DeliverSm deliverSm) {
		Concatenation udh = ((deliverSm.getEsmClass() & 0x40) != 0) ? header(deliverSm.getShortMessage()) : null;
		return (udh != null) ? udh : sar(deliverSm);
	}

	private static Concatenation header(byte[] message) {
		if (message == null || message.length == 0) {
			return null;
		}
		int length = message[0] & 0xFF;
		int at = 1;
		while (at + 1 < Math.min(message.length, length + 1)) {
			int element = message[at] & 0xFF;
			int size = message[at + 1] & 0xFF;
			int data = at + 2;
			if (data + size > Math.min(message.length, length + 1)) {
				return null;
			}
			if (element == 0x00 && size == 3) {
				return valid("udh8:" + (message[data] & 0xFF), message[data + 1] & 0xFF, message[data + 2] & 0xFF);
			}
			if (element == 0x08 && size == 4) {
				return valid("udh16:" + (((message[data] & 0xFF) << 8) | (message[data + 1] & 0xFF)),
						message[data + 2] & 0xFF, message[data + 3] & 0xFF);
			}
			at = data + size;
		}
		return null;
	}

	private static Concatenation sar(DeliverSm deliverSm) {
		Integer reference = number(deliverSm.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM));
		Integer total = number(deliverSm.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS));
		Integer seq = number(deliverSm.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM));
		return (reference != null && total != null && seq != null) ? valid("sar:" + reference, total, seq) : null;
	}

	private static Integer number(OptionalParameter parameter) {
		if (parameter instanceof OptionalParameter.Short value) {
			return value.getValue() & 0xFFFF;
		}
		if (parameter instanceof OptionalParameter.Byte value) {
			return value.getValue() & 0xFF;
		}
		return null;
	}

	private static Concatenation valid(String reference, int total, int seq) {
		return (total >= 2 && total <= 255 && seq >= 1 && seq <= total) ? new Concatenation(reference, total, seq)
				: null;
	}

}
