/**
 * {@code ./keyturn demo}: a fleet of simulated SPA units (device-simulator) registered, bootstrapped and
 * rotated through the real services of a local stack, ending with a summary a script can read.
 */
package io.keyturn.localstack.demo;
