/**
 * Stream validators per client protocol ({@link dev.llmrouter.convert.validate.StreamValidators}),
 * used by tests to prove that every stream a client receives follows its protocol. Test code: it
 * ships in this module's test-jar, which other modules' tests depend on.
 */
package dev.llmrouter.convert.validate;
