/** Payloads of {@code keyturn.deliveries}: what delivery-service served, refused, or saw asked of a retired path. */
package io.keyturn.events.delivery;
