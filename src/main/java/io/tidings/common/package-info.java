/**
 * Value types shared by every module: channels, statuses, failure kinds, identifiers,
 * phone numbers, email addresses and the rendered message content. Depends on no module.
 */
package io.tidings.common;
