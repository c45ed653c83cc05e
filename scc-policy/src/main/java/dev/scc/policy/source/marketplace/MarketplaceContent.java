package dev.scc.policy.source.marketplace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** What {@link MarketplaceMaterializer} made of a marketplace source. */
public sealed interface MarketplaceContent permits MarketplaceContent.Files, MarketplaceContent.NotMaterialized {

    /**
     * The marketplace's files, sorted by path; one of them is {@code .claude-plugin/marketplace.json}. Never contains
     * {@code .git}, symlinks or special files.
     *
     * @param origin where they came from (for reports): URL without credentials, ref, resolved commit and path
     */
    record Files(String origin, List<File> files) implements MarketplaceContent {
        public Files {
            Objects.requireNonNull(origin);
            files = List.copyOf(files);
        }
    }

    /** Nothing copied: the source stays as the provider's own (e.g. a {@code url} or {@code directory} source). */
    record NotMaterialized(String reason) implements MarketplaceContent {}

    /**
     * One file of a marketplace.
     *
     * @param path relative to the marketplace root, {@code /}-separated, no empty, {@code .} or {@code ..} segment
     * @param executable whether the owner-execute bit was set (plugin scripts keep it)
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
