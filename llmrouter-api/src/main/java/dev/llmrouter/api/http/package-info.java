/** HTTP values shared by the modules without tying them to one HTTP library. */
package dev.llmrouter.api.http;
