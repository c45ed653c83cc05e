package dev.scc.core.spi;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** What a renderer returns: files sorted by path (each path once) and the report. */
public record RenderResult(List<RenderedFile> files, RenderReport report) {
    public RenderResult {
        files = files.stream().sorted(Comparator.comparing(RenderedFile::path)).toList();
        var seen = new HashSet<String>();
        for (RenderedFile f : files) {
            if (!seen.add(f.path())) {
                throw new RenderException("renderer produced '" + f.path() + "' twice", f.path(),
                        "each path once", "merge the content for one path before returning it");
            }
        }
    }

    public Optional<RenderedFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
