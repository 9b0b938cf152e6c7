/**
 * {@code netif decode}: ring-page dumps and single structures as readable tables or JSON. Every byte is read
 * through netif-proto's records and layouts (and grant-table's for {@code grant_entry_v1}), so the decoder shows
 * exactly what the project's own datapath would see.
 */
package dev.netifkit.cli.decode;
