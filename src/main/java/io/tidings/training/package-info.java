/**
 * The training run: with the {@code training} profile the service starts on a throwaway
 * embedded database, drives its own hot paths through its public HTTP API on loopback
 * (pushes on SMS and WhatsApp through the simulator, every status called back to a
 * receiver of its own) and exits. Run under {@code -XX:AOTCacheOutput} (JDK 25), it
 * writes an ahead-of-time cache that carries the loaded classes and the method profiles
 * of real work, so that a service started with {@code -XX:AOTCache} is healthy in a few
 * seconds and compiles its hot paths at once instead of minutes into its load. It knows
 * no other module: it is a client of the service like any other.
 */
package io.tidings.training;
