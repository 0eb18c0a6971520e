/**
 * What a run leaves behind for people and monitoring: {@code report.json} and a self-contained
 * {@code report.html} (summary, throughput over time as an inline SVG chart, errors, flagged records
 * by key, validation) that opens in a browser with no network, and Prometheus text metrics, written
 * to a file for the node exporter's textfile collector or served over HTTP. Keys, counts and
 * fingerprints only: never a value.
 */
package io.ferry.report;
