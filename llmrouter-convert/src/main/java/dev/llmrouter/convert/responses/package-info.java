/**
 * The OpenAI Responses codec: request and answer codecs, stream decoder and stream encoder, behind
 * {@link dev.llmrouter.convert.responses.ResponsesCodec}. Not API: use
 * {@link dev.llmrouter.convert.Converters#standard()}; {@code ResponsesCodec} is public only so
 * that the converter can reach it.
 */
package dev.llmrouter.convert.responses;
