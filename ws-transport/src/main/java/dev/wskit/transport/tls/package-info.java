/**
 * TLS helpers for {@code wss://} (RFC 6455 §4.1, §10.6): {@link dev.wskit.transport.tls.SelfSignedCertificate}
 * makes a certificate for development and tests with Bouncy Castle, which is optional at run time and needed
 * only here.
 */
package dev.wskit.transport.tls;
