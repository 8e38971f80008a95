/**
 * The Yellow surface (seed 001): one push endpoint for WhatsApp, SMS and email.
 */
package io.tidings.api.yellow;
