/**
 * SPA configuration profiles: the {@link io.keyturn.protocol.profile.FlatProfile} model, the XML
 * {@code <flat-profile>} format devices read ({@link io.keyturn.protocol.profile.FlatProfileXml}) and the
 * plain-text source of Cisco's {@code spc} ({@link io.keyturn.protocol.profile.SpcSource}).
 *
 * <p>Both formats parse with device semantics (spa-protocol.md §4): an absent value leaves the
 * device's value alone, an empty one sets it empty; a parameter stated twice is applied twice, in order.
 * The decisions where the vendor guides are silent are recorded in {@code DESIGN.md} beside this package.
 */
package io.keyturn.protocol.profile;
