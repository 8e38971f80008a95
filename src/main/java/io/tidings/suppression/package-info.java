/**
 * Opt-out (API.md §14): each bot's suppression list per channel, the stop words that put
 * a sender on it or take them off, and the signed one-click unsubscribe links of emails.
 * Decides who must not be messaged; refusing or failing a send is the notification
 * module's job.
 */
package io.tidings.suppression;
