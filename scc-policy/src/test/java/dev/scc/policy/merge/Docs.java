package dev.scc.policy.merge;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scc.core.merge.EffectiveConfig;
import dev.scc.core.merge.MergeInput;
import dev.scc.core.merge.TrustMerge;
import dev.scc.core.model.OrgConfig;
import dev.scc.core.model.ProjectConfig;
import dev.scc.core.model.TeamConfig;
import dev.scc.policy.document.PolicyDocuments;
import java.time.Instant;

/** Compact fixtures: documents written as relaxed JSON (single quotes, unquoted keys) in the tests. */
final class Docs {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final JsonMapper RELAXED = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private Docs() {}

    static JsonNode tree(String relaxedJson) {
        try {
            return RELAXED.readTree(relaxedJson);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad fixture: " + e.getMessage(), e);
        }
    }

    static OrgConfig org(String json) {
        return PolicyDocuments.org(tree("{schema_version:'1.0.0', organization:{name:'Acme', id:'acme'}, " + json + "}"));
    }

    static ProjectConfig project(String json) {
        return PolicyDocuments.project(tree("{" + json + "}"), ".scc.yaml");
    }

    static TeamConfig teamConfig(String json) {
        return PolicyDocuments.team(tree("{schema_version:'1.0.0', " + json + "}"));
    }

    static EffectiveConfig merge(OrgConfig org, String team) {
        return new TrustMerge().merge(MergeInput.of(org, team, NOW));
    }

    static EffectiveConfig merge(MergeInput in) {
        return new TrustMerge().merge(in);
    }

    static MergeInput input(OrgConfig org, String team) {
        return MergeInput.of(org, team, NOW);
    }
}
