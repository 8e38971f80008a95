/**
 * Message templates: their model and approval status, placeholder parsing and rendering.
 * Sends nothing.
 */
package io.tidings.template;
