/** Payloads of {@code keyturn.devices}: a device registered, updated or decommissioned in registry-service. */
package io.keyturn.events.device;
