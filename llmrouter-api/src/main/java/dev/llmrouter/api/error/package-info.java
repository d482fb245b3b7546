/**
 * llmrouter's exceptions and the rendering of errors in each client protocol's own shape.
 * {@link dev.llmrouter.api.error.RouterException} is the unchecked root;
 * {@link dev.llmrouter.api.error.ClientRequestException} is the client's fault and becomes a 4xx
 * in its protocol's shape, never counted against a channel.
 */
package dev.llmrouter.api.error;
