/**
 * A lossless JSON tree ({@link dev.llmrouter.api.json.JsonValue}: numbers keep their text, objects
 * keep member order) with its parser and writer ({@link dev.llmrouter.api.json.Json}), and
 * {@link dev.llmrouter.api.json.RoutingFields}, the byte scanner that finds the routing fields of a
 * request without building a tree. Leaves are immutable; objects and arrays are mutable and owned
 * by one thread at a time.
 *
 * <p>For hot paths: {@link dev.llmrouter.api.json.JsonOutput} writes trees and raw bytes into one
 * reusable buffer, {@link dev.llmrouter.api.json.JsonStringPool} shares the repeated short strings
 * of a stream of documents, and {@link dev.llmrouter.api.json.JsonSourceStrings} lets a writer copy
 * long strings from the bytes they were parsed from. None of them changes the bytes written.
 */
package dev.llmrouter.api.json;
