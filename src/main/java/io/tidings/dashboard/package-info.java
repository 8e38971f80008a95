/**
 * The web console: server-rendered pages (Thymeleaf, htmx, Chart.js served from
 * {@code /assets}) behind a session sign-in with a bot key or the admin key. It reads
 * through the other modules' queries and changes data only through their public APIs; it
 * holds no business rules of its own.
 */
package io.tidings.dashboard;
