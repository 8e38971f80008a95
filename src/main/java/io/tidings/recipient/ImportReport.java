package io.tidings.recipient;

import java.util.List;

/**
 * What an import did.
 *
 * @param accepted contacts added to the bucket
 * @param duplicates contacts already in the bucket, or repeated in the input
 * @param rejected the first rejected rows, with reasons
 * @param rejectedCount every rejected row
 */
public record ImportReport(long accepted, long duplicates, List<Rejected> rejected, long rejectedCount) {

	/**
	 * A row that could not be imported.
	 */
	public record Rejected(long row, String value, String reason) {
	}

}
