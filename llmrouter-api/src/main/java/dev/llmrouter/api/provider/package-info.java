/**
 * The provider contract: a thread-safe {@link dev.llmrouter.api.provider.Provider} per upstream
 * protocol opens one {@link dev.llmrouter.api.provider.UpstreamExchange} per attempt, which the
 * caller owns and must close. {@link dev.llmrouter.api.provider.ClientRequest},
 * {@link dev.llmrouter.api.provider.UpstreamCall} and {@link dev.llmrouter.api.provider.Timeouts}
 * describe the attempt; {@link dev.llmrouter.api.provider.CancelSignal} carries a client's
 * disconnect to it.
 */
package dev.llmrouter.api.provider;
