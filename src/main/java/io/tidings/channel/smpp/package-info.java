/**
 * The SMPP 3.4 provider for SMS: transceiver binds to an SMSC with a window of
 * outstanding {@code submit_sm} each, GSM 03.38 or UCS-2 encoding with concatenation, and
 * delivery receipts read from {@code deliver_sm} and handed to the receipt sink in
 * batches. It keeps connections and nothing else: no database, no retries of its own (a
 * transient failure goes back to the dispatcher as a retryable result).
 */
package io.tidings.channel.smpp;
