/**
 * The database the service runs on: an embedded PostgreSQL kept in
 * {@code TIDINGS_DATA_DIR} when no external datasource is configured. Owns no tables;
 * Flyway migrations in {@code db/migration} define them.
 */
package io.tidings.database;
