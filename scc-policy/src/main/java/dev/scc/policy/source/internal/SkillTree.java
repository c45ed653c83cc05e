package dev.scc.policy.source.internal;

import dev.scc.policy.source.TreeContent;
import dev.scc.policy.source.skill.SkillSource;
import dev.scc.policy.source.skill.SkillSourceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one skill directory into memory with the {@link SafeTree} rules (no symlinks, no special files, no unsafe
 * names, file and byte limits; {@code .git} skipped). The root must hold {@code SKILL.md} whose front matter {@code name} equals
 * the skill's name. Not API.
 */
public final class SkillTree {
    private SkillTree() {}

    /** Reads {@code root} (which must not itself be a symlink) as the skill {@code skill}. */
    public static TreeContent.Files read(Path root, String origin, SkillSource skill, int maxFiles, long maxBytes) {
        if (Files.isSymbolicLink(root)) {
            throw new SkillSourceException(skill, "the skill directory " + root + " is a symlink, which SCC does not "
                    + "follow", "a real directory");
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new SkillSourceException(skill, "the skill directory " + root + " does not exist",
                    "source_path naming a directory that contains SKILL.md");
        }
        if (!Files.isRegularFile(root.resolve("SKILL.md"), LinkOption.NOFOLLOW_LINKS)) {
            throw new SkillSourceException(skill, "no SKILL.md in " + root,
                    "source_path naming a directory that contains SKILL.md");
        }
        List<TreeContent.File> files = SafeTree.read(root, maxFiles, maxBytes, "skill",
                (reason, expected, cause) -> new SkillSourceException(skill, reason, expected, cause));
        TreeContent.File md = files.stream().filter(f -> f.path().equals("SKILL.md")).findFirst().orElseThrow();
        checkFrontMatter(skill, new String(md.content(), StandardCharsets.UTF_8));
        return new TreeContent.Files(origin, files);
    }

    /** The Agent Skills rule: front matter with a {@code name}; SCC also requires it to be the artifact's name. */
    static void checkFrontMatter(SkillSource skill, String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        t = t.replace("\r\n", "\n");
        String expected = "SKILL.md starting with '---' front matter whose name is '" + skill.skillName() + "'";
        if (!t.startsWith("---\n")) {
            throw new SkillSourceException(skill, "SKILL.md has no front matter", expected);
        }
        int end = t.indexOf("\n---", 3);
        if (end < 0) {
            throw new SkillSourceException(skill, "SKILL.md front matter is not closed by '---'", expected);
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(t.substring(4, end + 1));
        } catch (YamlEngineException e) {
            throw new SkillSourceException(skill, "SKILL.md front matter is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""), expected, e);
        }
        Object name = doc instanceof Map<?, ?> m ? m.get("name") : null;
        if (!(name instanceof String s) || s.isBlank()) {
            throw new SkillSourceException(skill, "SKILL.md front matter has no name", expected);
        }
        if (!s.strip().equals(skill.skillName())) {
            throw new SkillSourceException(skill, "SKILL.md names the skill '" + s.strip() + "', but the artifact is '"
                    + skill.skillName() + "'", expected);
        }
    }
}
