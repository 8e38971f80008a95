/**
 * The Jelou surface (seeds 000 and 002): notification queries and session sends.
 */
package io.tidings.api.jelou;
