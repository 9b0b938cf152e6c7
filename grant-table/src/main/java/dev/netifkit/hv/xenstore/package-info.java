/**
 * The emulated xenstore (SPEC XB-*): nodes with xenstored permissions, watches, optimistic transactions, the
 * toolstack's device creation and xenbus state helpers.
 */
package dev.netifkit.hv.xenstore;
