/**
 * Wire formats of the Xen paravirtual network protocol (netif) and its staging-grants extension.
 *
 * <p>Everything here is byte-exact with the C ABI of {@code xen/include/public/io/netif.h} and
 * {@code io/ring.h} (interface version 0x00041300) and is checked against golden vectors produced by the real
 * headers. Codecs carry every bit of every field unchanged: validation belongs to the layers above.
 *
 * <ul>
 *   <li>{@code dev.netifkit.proto} — protocol constants and wire-code enums (SPEC.md names them).</li>
 *   <li>{@code .ring} — shared-ring page layout, geometry and the front/back ring machinery of ring.h.</li>
 *   <li>{@code .tx}, {@code .rx}, {@code .extra}, {@code .ctrl} — one layout class, one flyweight and one record
 *       per shared structure.</li>
 *   <li>{@code .hash} — netif.h's Toeplitz hash and the hash-input extraction of its hash types.</li>
 * </ul>
 */
package dev.netifkit.proto;
