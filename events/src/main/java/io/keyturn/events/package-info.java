/**
 * The public event contract of keyturn (DESIGN.md §4, docs/events.md): topic names, the CloudEvents
 * envelope and its Kafka codec, the registry of event types, and the contract's JSON form. The
 * payload records live in one subpackage per aggregate ({@code device}, {@code rotation},
 * {@code profile}, {@code delivery}). Payloads carry key fingerprints, never keys.
 *
 * <p>To publish: build a payload record, wrap it with {@link io.keyturn.events.CloudEvent#of}, store
 * {@link io.keyturn.events.CloudEventCodec#toJson} in the outbox, and let the relay send
 * {@link io.keyturn.events.CloudEventCodec#encode}'s record. To consume: adapt the Kafka record to an
 * {@link io.keyturn.events.EventRecord} and call {@link io.keyturn.events.CloudEventCodec#decode}.
 */
package io.keyturn.events;
