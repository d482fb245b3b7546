/**
 * The OpenAI Chat Completions codec: request and answer codecs, stream decoder and stream encoder,
 * behind {@link dev.llmrouter.convert.chat.ChatCodec}. Not API: use {@link
 * dev.llmrouter.convert.Converters#standard()}; {@code ChatCodec} is public only so that the
 * converter can reach it.
 */
package dev.llmrouter.convert.chat;
