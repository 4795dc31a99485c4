package io.keyturn.crypto.domain;

/**
 * A file to stop serving: a chain file ({@code bootstrap} false) at {@code path} for {@code generation}, or the
 * staging-key bootstrap file covering generations up to {@code generation}.
 */
public record Withdrawal(String path, boolean bootstrap, long generation) {
}
