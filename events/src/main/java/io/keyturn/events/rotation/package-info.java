/**
 * Payloads of {@code keyturn.rotations}: a device's rotation from request to issue, publication,
 * confirmation and retirement of older generations, or failure.
 */
package io.keyturn.events.rotation;
