/**
 * Reading and writing the channel file ({@code config.json}) in the original system's format, with
 * validation errors that name the offending field. The file holds keys in clear; nothing here logs
 * them.
 */
package dev.llmrouter.api.config;
