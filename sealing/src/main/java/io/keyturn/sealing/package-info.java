/**
 * Sealing of small secrets (staging keys, secret device parameters) to crypto-service's public key,
 * so that they travel through registry-service, Kafka and other databases unreadable
 * (DESIGN.md §3). HPKE base mode (RFC 9180) with X25519, HKDF-SHA256 and AES-256-GCM, from
 * Bouncy Castle.
 */
package io.keyturn.sealing;
