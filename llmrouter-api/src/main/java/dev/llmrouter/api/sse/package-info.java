/**
 * Server-sent events: {@link dev.llmrouter.api.sse.SseEvent} keeps an event's exact bytes so that
 * passthrough forwards it untouched; {@link dev.llmrouter.api.sse.SseFrames} encodes new events;
 * {@link dev.llmrouter.api.sse.SseSplitter} splits a stream that arrives in chunks, with a bound
 * on memory, reading each event's fields with {@link dev.llmrouter.api.sse.SseEventParser};
 * {@link dev.llmrouter.api.sse.SseParser} splits complete events held in memory (such as a
 * {@link dev.llmrouter.api.provider.StreamFrame}'s bytes).
 */
package dev.llmrouter.api.sse;
