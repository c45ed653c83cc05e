package dev.scc.policy.source;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a materializer made of a governed source tree: a skill ({@code dev.scc.policy.source.skill}) or a plugin
 * marketplace ({@code dev.scc.policy.source.marketplace}), fetched host-side and placed read-only in the sandbox.
 */
public sealed interface TreeContent permits TreeContent.Files, TreeContent.NotMaterialized {

    /**
     * The tree's files, sorted by path (a skill's include {@code SKILL.md}, a marketplace's
     * {@code .claude-plugin/marketplace.json}). Never contains {@code .git}, symlinks or special files.
     *
     * @param origin where they came from (for reports): the directory, or the URL (without credentials), ref,
     *     resolved commit and path
     */
    record Files(String origin, List<File> files) implements TreeContent {
        public Files {
            Objects.requireNonNull(origin);
            files = List.copyOf(files);
        }
    }

    /** How much one tree may hold; a bigger one is refused, never truncated. */
    record Limits(int maxFiles, long maxBytes) {}

    /**
     * Nothing copied: a skill without a source (its rendered stub {@code SKILL.md} is the whole skill), or a
     * marketplace whose source stays the provider's own ({@code url}, {@code directory}).
     */
    record NotMaterialized(String reason) implements TreeContent {}

    /**
     * One file of the tree.
     *
     * @param path relative to the tree's root, {@code /}-separated, no empty, {@code .} or {@code ..} segment
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
