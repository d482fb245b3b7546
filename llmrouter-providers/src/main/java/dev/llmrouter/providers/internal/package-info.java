/**
 * The parts the providers are built from: the exchanges that own an upstream response
 * ({@link dev.llmrouter.providers.internal.PassthroughExchange},
 * {@link dev.llmrouter.providers.internal.ConvertingExchange},
 * {@link dev.llmrouter.providers.internal.CountTokensExchange}) or hold an already released error
 * ({@link dev.llmrouter.providers.internal.ErrorExchange}); the header allowlist
 * ({@link dev.llmrouter.providers.internal.HeaderPolicy}); the upstream URL rule
 * ({@link dev.llmrouter.providers.internal.UpstreamUrls}); the raw-byte SSE reader
 * ({@link dev.llmrouter.providers.internal.SseReader}); and the per-protocol
 * {@link dev.llmrouter.providers.internal.StreamWatcher}s and usage readers; the connection-pool
 * upkeep ({@link dev.llmrouter.providers.internal.PoolCleaner}). Not API: types here may
 * change without notice. They are public only for the classes of {@code dev.llmrouter.providers};
 * no other module's main code may use them (see ARCHITECTURE.md; a test enforces it).
 */
package dev.llmrouter.providers.internal;
