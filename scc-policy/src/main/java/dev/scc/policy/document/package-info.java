/**
 * Maps parsed policy documents (Jackson trees, after schema validation) into the typed records of
 * {@code dev.scc.core.model}. The project document has no schema: it is checked here, with warnings for unknown
 * keys, as the reference does.
 */
package dev.scc.policy.document;
