package dev.scc.policy.source.skill;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** What {@link SkillMaterializer} made of a {@link SkillSource}. */
public sealed interface SkillContent permits SkillContent.Files, SkillContent.NotMaterialized {

    /**
     * The skill's files, sorted by path; one of them is {@code SKILL.md}. Never contains {@code .git}, symlinks or
     * special files.
     *
     * @param origin where they came from (for reports): the directory, or the URL, ref and resolved commit
     */
    record Files(String origin, List<File> files) implements SkillContent {
        public Files {
            Objects.requireNonNull(origin);
            files = List.copyOf(files);
        }
    }

    /**
     * Nothing to copy: the skill has no source, and the rendered stub {@code SKILL.md} (name, description) is the
     * whole skill.
     */
    record NotMaterialized(String reason) implements SkillContent {}

    /**
     * One file of a skill.
     *
     * @param path relative to the skill directory, {@code /}-separated, no empty, {@code .} or {@code ..} segment
     * @param executable whether the owner-execute bit was set (scripts keep it; everything is read-only in the
     *     sandbox)
     */
    record File(String path, byte[] content, boolean executable) {
        public File {
            Objects.requireNonNull(path);
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        /** {@code 0755} for executables, else {@code 0644}. */
        public int mode() {
            return executable ? 0755 : 0644;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof File f && f.path.equals(path) && f.executable == executable
                    && Arrays.equals(f.content, content);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, executable, Arrays.hashCode(content));
        }

        @Override
        public String toString() {
            return "File[" + path + ", " + content.length + " bytes" + (executable ? ", executable" : "") + "]";
        }
    }
}
