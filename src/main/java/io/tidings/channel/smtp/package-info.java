/**
 * The SMTP provider (Angus Mail): subject, HTML and plain-text bodies, cc and bcc, pooled
 * connections reused across messages; 250 is accepted, 4xx retried, 5xx refused.
 */
package io.tidings.channel.smtp;
