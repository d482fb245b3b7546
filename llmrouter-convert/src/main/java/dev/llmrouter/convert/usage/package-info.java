/**
 * The one reader of token usage per protocol: {@link dev.llmrouter.convert.usage.UsageReaders}
 * turns each protocol's usage object into the common {@link dev.llmrouter.api.Usage}. The codecs,
 * the stream decoders, the providers' answer handling and their stream watchers all read usage
 * here, so the protocols' counting rules live in one place.
 */
package dev.llmrouter.convert.usage;
