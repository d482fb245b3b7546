/**
 * A lossless JSON tree ({@link dev.llmrouter.api.json.JsonValue}: numbers keep their text, objects
 * keep member order) with its parser and writer ({@link dev.llmrouter.api.json.Json}), and
 * {@link dev.llmrouter.api.json.RoutingFields}, the byte scanner that finds the routing fields of a
 * request without building a tree. Leaves are immutable; objects and arrays are mutable and owned
 * by one thread at a time.
 */
package dev.llmrouter.api.json;
