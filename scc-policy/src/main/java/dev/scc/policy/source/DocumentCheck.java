package dev.scc.policy.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;

/**
 * Parses and validates fetched bytes. The fetcher caches a document only after this accepts it, and
 * re-checks cached copies before using them, so the same fetch code serves org and team documents.
 */
@FunctionalInterface
public interface DocumentCheck {
    /**
     * @param name the URL or path, used in problems
     * @return the parsed document
     * @throws dev.scc.policy.PolicyDocumentException when the bytes are not a valid document
     */
    JsonNode check(String name, byte[] body);

    /** Parse (JSON or YAML) then validate against the shipped schema and invariants for {@code kind}. */
    static DocumentCheck schema(DocumentReader reader, SchemaValidator validator, DocumentKind kind) {
        return (name, body) -> {
            JsonNode node = reader.parse(name, body);
            validator.requireValid(kind, name, node);
            return node;
        };
    }
}
