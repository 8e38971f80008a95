package io.tidings.campaign;

/**
 * A campaign request that cannot be carried out.
 */
public class CampaignException extends RuntimeException {

	private final Reason reason;

	public CampaignException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why.
	 */
	public enum Reason {

		/** No such campaign, template or bucket for this bot. */
		NOT_FOUND,
		/** Valid request, unusable values: empty bucket, template not approved. */
		UNPROCESSABLE,
		/** A field has a bad value. */
		INVALID,
		/** The campaign is not in a state that allows it. */
		CONFLICT

	}

}
