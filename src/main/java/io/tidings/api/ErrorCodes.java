package io.tidings.api;

/**
 * Error codes of seed 001's catalogue, as API.md §2 assigns them.
 */
public final class ErrorCodes {

	public static final int INVALID_PARAMETER = 100;

	public static final int AUTH = 1400;

	public static final int SERVICE = 1402;

	public static final int METHOD = 1403;

	public static final int PERMISSION_DENIED = 1405;

	public static final int RATE_LIMITED = 1412;

	public static final int OUTSIDE_WINDOW = 1418;

	public static final int NOT_FOUND = 1425;

	public static final int PARAMETER_MISSING = 1426;

	public static final int PARAMETER_COUNT = 1429;

	public static final int TEMPLATE = 1443;

	public static final int OVERLOADED = 1444;

	public static final int INVALID_RECIPIENT = 14272;

	private ErrorCodes() {
	}

}
