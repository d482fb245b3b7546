/**
 * Stream validators per client protocol ({@link dev.llmrouter.convert.validate.StreamValidators}),
 * used by tests to prove that every stream a client receives follows its protocol, and an SSE
 * parser for complete byte streams.
 */
package dev.llmrouter.convert.validate;
