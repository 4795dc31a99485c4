/** Payloads of {@code keyturn.profiles}: files crypto-service hands delivery to serve or stop serving. */
package io.keyturn.events.profile;
