/**
 * The Google Gemini generateContent codec: request and answer codecs, stream decoder and stream
 * encoder, behind {@link dev.llmrouter.convert.gemini.GeminiCodec}. Not API: use {@link
 * dev.llmrouter.convert.Converters#standard()}; {@code GeminiCodec} is public only so that the
 * converter can reach it.
 */
package dev.llmrouter.convert.gemini;
