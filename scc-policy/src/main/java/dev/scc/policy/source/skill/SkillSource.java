package dev.scc.policy.source.skill;

import dev.scc.safety.audit.Redactor;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one governed skill's contents come from, as the org's {@code governed_artifacts} entry says.
 *
 * @param artifactKey the plan key ({@code artifact:<bundle>/<artifact>}), named in every error
 * @param skillName the skill's name (already checked against the Agent Skills rule); the skill's own
 *     {@code SKILL.md} front matter must carry the same {@code name}
 * @param type {@code git}, {@code local} or {@code url}; when absent, {@code git} if a URL is given, else
 *     {@code local} if a path is given, else the skill has no source
 * @param url {@code source_url}
 * @param path {@code source_path}: the skill directory (inside the repository for git)
 * @param ref {@code source_ref}: a branch, a tag or a 40-hex commit (git only)
 */
public record SkillSource(String artifactKey, String skillName, Optional<String> type, Optional<String> url,
        Optional<String> path, Optional<String> ref) {
    public SkillSource {
        Objects.requireNonNull(artifactKey);
        Objects.requireNonNull(skillName);
        type = type.map(String::strip).filter(s -> !s.isEmpty());
        url = url.map(String::strip).filter(s -> !s.isEmpty());
        path = path.map(String::strip).filter(s -> !s.isEmpty());
        ref = ref.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The one redactor every message and record passes a URL through (credentials, tokens, secret parameters). */
    private static final Redactor REDACTOR = new Redactor();

    /** The source type after inference (see the record's contract), or empty when there is no source. */
    public Optional<String> effectiveType() {
        if (type.isPresent()) {
            return type;
        }
        if (url.isPresent()) {
            return Optional.of("git");
        }
        return path.map(p -> "local");
    }

    /** The source as messages name it: type, URL (without credentials), ref and path. */
    public String describe() {
        StringBuilder sb = new StringBuilder(effectiveType().orElse("none"));
        url.ifPresent(u -> sb.append(' ').append(REDACTOR.redact(u)));
        ref.ifPresent(r -> sb.append(" @ ").append(r));
        path.ifPresent(p -> sb.append(url.isPresent() ? " path " : " ").append(p));
        return sb.toString();
    }

}
