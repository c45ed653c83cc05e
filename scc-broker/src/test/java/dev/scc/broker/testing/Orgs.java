package dev.scc.broker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scc.broker.config.BrokerConfig;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Org documents for tests: parsed, validated against the shipped schema, then read as broker config. */
public final class Orgs {
    private Orgs() {}

    public static JsonNode parse(String yaml) {
        return new DocumentReader().parse("org.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** The broker config for team {@code backend} of a valid org document. */
    public static BrokerConfig config(String yaml) {
        JsonNode org = parse(yaml);
        new SchemaValidator().requireValid(DocumentKind.ORG, "org.yaml", org);
        return BrokerConfig.fromOrg("org.yaml", org, Optional.of("backend"), Map.of("HOME", "/home/dev"));
    }

    /** An org header with one team, {@code backend}; append a {@code broker:} section and more. */
    public static String header() {
        return """
                schema_version: "1.0.0"
                organization: {name: Acme, id: acme}
                profiles:
                  backend: {}
                """;
    }
}
