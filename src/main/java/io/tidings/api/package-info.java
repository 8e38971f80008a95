/**
 * The HTTP surfaces of API.md: {@code yellow} (push and postbacks), {@code jelou}
 * (notification queries and session sends), {@code messages} (buckets and campaigns),
 * {@code admin} (native management), and the error model they share. Adapters only: every
 * business rule lives in the domain modules.
 */
package io.tidings.api;
