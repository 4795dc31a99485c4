/**
 * The provisioning server's HTTPS identity (spa-protocol.md §6): a key and a PKCS#10 request to send to the
 * device vendor's CA, and the checks before the certificate that comes back is installed for delivery-service.
 */
package io.keyturn.cli.tls;
