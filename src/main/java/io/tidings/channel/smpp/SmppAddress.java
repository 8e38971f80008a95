package io.tidings.channel.smpp;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * An SMPP address with its type of number and numbering plan.
 */
record SmppAddress(TypeOfNumber ton, NumberingPlanIndicator npi, String address) {

	/**
	 * A recipient in E.164 digits.
	 */
	static SmppAddress international(String digits) {
		return new SmppAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits.replace("+", ""));
	}

}
