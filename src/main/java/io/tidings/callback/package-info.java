/**
 * Outbound client webhooks: one callback per status change in the notification's format
 * (yellow or jelou), signed the Standard Webhooks way, retried on a schedule, every
 * attempt logged, dead deliveries retried by hand. One slow or dead endpoint delays only
 * itself.
 */
package io.tidings.callback;
