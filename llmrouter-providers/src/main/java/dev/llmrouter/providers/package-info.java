/**
 * The HTTP providers llmrouter ships, one per upstream {@code serviceType}, built on OkHttp.
 * {@link dev.llmrouter.providers.Providers#standard(HttpTransport)} creates them over one shared
 * {@link dev.llmrouter.providers.HttpTransport}; the provider classes themselves are not API.
 *
 * <p>Every provider is thread-safe and calls its upstream with the blocking {@code execute()} on
 * the request's own thread. Each {@code open} returns an
 * {@link dev.llmrouter.api.provider.UpstreamExchange} that owns the OkHttp response of a 2xx
 * answer; the caller must close it on every path. Non-2xx answers are read (at most 64 KiB) and
 * released before {@code open} returns. When the channel speaks the client's protocol the request
 * is passed through (the client's bytes with only the model rewritten; for Gemini the model is in
 * the URL and only the channel's thought-signature options may change the body) and the answer is
 * relayed byte for byte; otherwise both are converted.
 *
 * <p>{@code dev.llmrouter.providers.internal} holds the exchanges, header policy, URL rule, SSE
 * reader and stream watchers; it is not API.
 */
package dev.llmrouter.providers;
