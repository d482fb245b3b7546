/**
 * Server-sent events: {@link dev.llmrouter.api.sse.SseEvent} keeps an event's exact bytes so that
 * passthrough forwards it untouched; {@link dev.llmrouter.api.sse.SseFrames} encodes new events.
 */
package dev.llmrouter.api.sse;
