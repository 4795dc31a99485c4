/**
 * Payloads about configuration templates, on {@code keyturn.devices}: registry-service owns the
 * templates, crypto-service renders profiles from them and may not read registry's tables, so every
 * template version travels as an event.
 */
package io.keyturn.events.template;
