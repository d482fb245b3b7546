/**
 * The core vocabulary of llmrouter: client API kinds ({@link dev.llmrouter.api.ApiKind}), wire
 * protocols ({@link dev.llmrouter.api.Protocol}), upstream channels
 * ({@link dev.llmrouter.api.Channel}, {@link dev.llmrouter.api.ChannelSnapshot}), token
 * {@link dev.llmrouter.api.Usage}, the model mapping rule and secret masking
 * ({@link dev.llmrouter.api.Keys}). Every type here is immutable or stateless, so thread-safe.
 */
package dev.llmrouter.api;
