package io.keyturn.crypto.domain;

/**
 * Makes the bootstrap file of an {@code spc-target} device: the vendor's {@code spc --target <mac>} compiles SPC
 * source into a .cfg that only the unit with that MAC decodes (spa-protocol.md §2.3, §4.2). The format is
 * proprietary, so the service runs the vendor's binary; without one configured there is no compiler and the mode is
 * refused.
 */
public interface TargetedCompiler {

    /**
     * The targeted .cfg for {@code mac} compiled from {@code spcSource} (which holds the device's key).
     *
     * @throws SpcException when the compiler cannot be run, runs too long, fails or writes nothing; the message
     *     holds no secret
     */
    byte[] compile(String spcSource, String mac);
}
