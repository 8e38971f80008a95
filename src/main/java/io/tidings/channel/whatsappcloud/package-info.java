/**
 * The WhatsApp Cloud API provider: builds Meta's message JSON for template and session
 * sends, paces each phone number to its messages-per-second, and maps Meta's error codes
 * to retry or failure in one table
 * ({@link io.tidings.channel.whatsappcloud.WhatsAppErrors}).
 */
package io.tidings.channel.whatsappcloud;
