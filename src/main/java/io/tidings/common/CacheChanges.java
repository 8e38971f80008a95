package io.tidings.common;

/**
 * Changes to what instances cache of the database, announced to every instance on it: a
 * cache registers under a name, and a change made through any instance drops the changed
 * entry from that cache on this instance at once and on every other instance when the
 * change commits, so that the console, the API and the callbacks behave the same through
 * any instance (API.md §15). The {@code cluster} module carries the announcements through
 * PostgreSQL.
 */
public interface CacheChanges {

	/**
	 * Registers a cache: {@code listener} hears every key announced under {@code cache},
	 * by this instance or another; {@code missed} runs when announcements may have been
	 * missed (before the first one is heard, and after a lost connection), and should
	 * drop everything the cache holds.
	 */
	void register(String cache, Listener listener, Runnable missed);

	/**
	 * Announces that what is cached under {@code key} in {@code cache} changed: this
	 * instance's listeners hear it now (and again once the current transaction commits,
	 * so that no reader caches the old value in between), the other instances' when the
	 * current transaction commits, or at once without one.
	 */
	void announce(String cache, String key);

	/**
	 * Hears one announced change.
	 */
	@FunctionalInterface
	interface Listener {

		/**
		 * @param key what changed, as announced
		 * @param elsewhere whether another instance made the change
		 */
		void changed(String key, boolean elsewhere);

	}

}
