/**
 * The common model every protocol codec converts to and from: {@link dev.llmrouter.api.model.ChatRequest},
 * {@link dev.llmrouter.api.model.ChatResponse}, {@link dev.llmrouter.api.model.ContentPart} and the
 * {@link dev.llmrouter.api.model.StreamEvent}s of a streamed answer. Values are immutable; wire
 * vocabularies ({@link dev.llmrouter.api.model.Role}, {@link dev.llmrouter.api.model.StopReason}) are
 * open, so unknown values survive. Usage is {@link dev.llmrouter.api.Usage}.
 */
package dev.llmrouter.api.model;
