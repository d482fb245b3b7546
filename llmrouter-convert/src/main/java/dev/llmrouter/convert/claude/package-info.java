/**
 * The Anthropic Messages codec: request and answer codecs, stream decoder and stream encoder,
 * behind {@link dev.llmrouter.convert.claude.ClaudeCodec}. Not API: use {@link
 * dev.llmrouter.convert.Converters#standard()}; {@code ClaudeCodec} is public only so that the
 * converter can reach it.
 */
package dev.llmrouter.convert.claude;
