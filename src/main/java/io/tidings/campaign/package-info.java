/**
 * Campaigns: a template (or a text) sent to a bucket, created, scheduled, fanned out in
 * set-based batches (resumable: the cursor moves in the batch's transaction), paced by a
 * rate, paused, resumed and cancelled. Writes notifications only through the notification
 * module.
 */
package io.tidings.campaign;
