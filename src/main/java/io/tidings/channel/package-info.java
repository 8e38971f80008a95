/**
 * The provider port ({@link io.tidings.channel.Provider}: a
 * {@link io.tidings.channel.Delivery} in, a sealed {@link io.tidings.channel.SendResult}
 * out) and one subpackage per provider. Touches no database: settings come in, results go
 * out.
 */
package io.tidings.channel;
