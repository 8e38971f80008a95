/**
 * The notification aggregate: accepting sends (validate, render, store and enqueue in one
 * transaction, group-committed), the status funnel and its event log, statistics rollups
 * and queries. Calls no provider and no HTTP endpoint: dispatch and callbacks listen to
 * its events.
 */
package io.tidings.notification;
