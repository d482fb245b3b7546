/**
 * The protocol conversion contract: a stateless, thread-safe
 * {@link dev.llmrouter.api.convert.Converter} for requests, answers and errors, and a
 * {@link dev.llmrouter.api.convert.StreamConverter} per stream (not thread-safe). The standard
 * implementation lives in the {@code llmrouter-convert} module.
 */
package dev.llmrouter.api.convert;
