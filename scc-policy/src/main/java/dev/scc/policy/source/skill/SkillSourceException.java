package dev.scc.policy.source.skill;

import dev.scc.policy.source.PolicySourceException;

/**
 * A governed skill's contents cannot be materialised: a bad or unsupported source, a clone that failed, an offline
 * cache miss, an unsafe tree (symlink, device file, too large) or a {@code SKILL.md} whose name does not match. The
 * message names the artifact key, the source and the reason; it never contains URL credentials. A launch that
 * meets one fails closed.
 */
public class SkillSourceException extends PolicySourceException {
    private static final long serialVersionUID = 1L;

    private final String artifactKey;

    public SkillSourceException(SkillSource skill, String reason, String expected, Throwable cause) {
        super(skill.describe(), "governed skill " + skill.artifactKey() + " (" + skill.describe() + "): " + reason,
                expected, -1, cause);
        this.artifactKey = skill.artifactKey();
    }

    public SkillSourceException(SkillSource skill, String reason, String expected) {
        this(skill, reason, expected, null);
    }

    /** The plan key of the skill concerned. */
    public String artifactKey() {
        return artifactKey;
    }
}
