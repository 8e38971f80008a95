/**
 * Buckets (recipient lists) and their contacts: streaming CSV and JSON import through
 * COPY, number and address normalisation, duplicates removed within a bucket.
 */
package io.tidings.recipient;
