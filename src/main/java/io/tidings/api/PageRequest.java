package io.tidings.api;

/**
 * {@code page} (1-based) and {@code limit} query parameters, read strictly.
 */
public record PageRequest(int page, int limit) {

	/**
	 * Reads them, answering 400 naming the parameter when one is out of range.
	 * @param maxLimit the largest {@code limit} the endpoint allows
	 */
	public static PageRequest of(String page, String limit, int defaultLimit, int maxLimit) {
		return new PageRequest(QueryParams.integer("page", page, 1, 1, Integer.MAX_VALUE),
				QueryParams.integer("limit", limit, defaultLimit, 1, maxLimit));
	}

	/**
	 * Reads them where Squad's {@code count} may stand for {@code limit} (API.md §12);
	 * {@code limit} wins when both are given.
	 */
	public static PageRequest of(String page, String limit, String count, int defaultLimit, int maxLimit) {
		boolean byCount = limit == null && count != null;
		return new PageRequest(QueryParams.integer("page", page, 1, 1, Integer.MAX_VALUE),
				QueryParams.integer(byCount ? "count" : "limit", byCount ? count : limit, defaultLimit, 1, maxLimit));
	}

	public long offset() {
		return (long) (this.page - 1) * this.limit;
	}

}
