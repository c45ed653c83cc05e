package dev.scc.core.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One file a renderer produced.
 *
 * @param path relative, {@code /}-separated path under the target root (the root stands for the container's
 *     {@code /})
 * @param content the bytes; for {@link Ownership#MANAGED_BLOCK} only the block body, which the writer wraps in
 *     markers and merges into whatever the file holds
 * @param mode POSIX permission bits, for example {@code 0644}
 */
public record RenderedFile(String path, byte[] content, int mode, Ownership ownership) {

    /** How SCC owns the file. */
    public enum Ownership {
        /** SCC owns the whole file. An existing file SCC did not write is never replaced. */
        WHOLE_FILE,
        /** SCC owns one marked block in a (possibly user-authored) markdown file; every other byte is kept. */
        MANAGED_BLOCK
    }

    public RenderedFile {
        Objects.requireNonNull(path, "path");
        content = content.clone();
        Objects.requireNonNull(ownership, "ownership");
    }

    /** A whole SCC-owned UTF-8 text file, mode 0644. */
    public static RenderedFile text(String path, String text) {
        return new RenderedFile(path, text.getBytes(StandardCharsets.UTF_8), 0644, Ownership.WHOLE_FILE);
    }

    /** A managed block in a markdown file. */
    public static RenderedFile markdownBlock(String path, String body) {
        return new RenderedFile(path, body.getBytes(StandardCharsets.UTF_8), 0644, Ownership.MANAGED_BLOCK);
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedFile f && f.path.equals(path) && Arrays.equals(f.content, content) && f.mode == mode
                && f.ownership == ownership;
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(content), mode, ownership);
    }

    @Override
    public String toString() {
        return "RenderedFile[" + path + ", " + content.length + " bytes, " + Integer.toOctalString(mode) + ", "
                + ownership + "]";
    }
}
