/**
 * Helpers shared by the codecs: the codec and stream interfaces, the bridge that joins a decoder
 * and an encoder into a {@link dev.llmrouter.api.convert.StreamConverter}, decoder bookkeeping, the
 * encoders' shared base, and JSON and usage helpers. Not API: types here may change without notice,
 * and no other module's main code may use them (see ARCHITECTURE.md; a test enforces it).
 */
package dev.llmrouter.convert.internal;
