package io.tidings.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How shared limits are taken from the database.
 *
 * @param lease how long an instance keeps tokens it took from a shared bucket before it
 * gives back what it did not spend; a chunk is about this long of the bucket's rate, so a
 * cluster of n instances admits at most n chunks more than the limit over any interval
 * @param slotCheck how often the connection holding this instance's slots is checked (a
 * slot whose connection died is lost, and its bind closed)
 */
@ConfigurationProperties("tidings.cluster")
record ClusterProperties(@DefaultValue("100ms") Duration lease, @DefaultValue("2s") Duration slotCheck) {
}
