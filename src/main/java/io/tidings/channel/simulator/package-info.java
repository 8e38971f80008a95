/**
 * The built-in simulator provider (API.md §11): the recipient chooses the outcome, like a
 * payment processor's test cards; statuses after acceptance are announced as follow-ups.
 */
package io.tidings.channel.simulator;
