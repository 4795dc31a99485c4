/**
 * The public event contract of keyturn (DESIGN.md §4): topic names, CloudEvent types and one payload
 * record per type. Payloads carry key fingerprints, never keys.
 */
package io.keyturn.events;
