package dev.scc.app.launch;

import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import dev.scc.policy.source.TreeContent;
import dev.scc.policy.source.skill.SkillMaterializer;
import dev.scc.policy.source.skill.SkillSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Puts governed skills' real contents where the renderer put their stub {@code SKILL.md}: for every rendered
 * skill, the directory of the one {@code SKILL.md} path the render report names for it (so the provider's layout
 * stays the renderer's business) receives every file of the materialised skill, replacing the stub. A skill without
 * a source keeps its stub; a source that cannot be materialised throws {@link dev.scc.policy.source.skill.SkillSourceException} (the caller fails closed).
 */
public final class SkillInstall {
    private SkillInstall() {}

    /** The render result with skill files in place and the report's skill entries listing them. */
    public static RenderResult apply(RenderPlan plan, RenderResult rendered, SkillMaterializer materializer) {
        Map<String, RenderedFile> files = new TreeMap<>();
        rendered.files().forEach(f -> files.put(f.path(), f));
        Map<String, List<String>> paths = new TreeMap<>();
        for (RenderPlan.Skill s : plan.skills()) {
            Optional<String> stub = rendered.report().entry(s.key())
                    .filter(e -> e.status() == RenderReport.Status.RENDERED)
                    .flatMap(e -> e.paths().stream().filter(p -> p.endsWith("/" + s.name() + "/SKILL.md")).findFirst());
            if (stub.isEmpty()) {
                continue;
            }
            SkillSource source = new SkillSource(s.key(), s.name(), s.sourceType(), s.sourceUrl(), s.sourcePath(),
                    s.sourceRef());
            TreeContent content = materializer.materialize(source);
            if (content instanceof TreeContent.NotMaterialized) {
                continue;
            }
            String dir = stub.get().substring(0, stub.get().length() - "SKILL.md".length());
            files.remove(stub.get());
            List<String> mine = new ArrayList<>();
            for (TreeContent.File f : ((TreeContent.Files) content).files()) {
                String path = dir + f.path();
                files.put(path, new RenderedFile(path, f.content(), f.mode(), RenderedFile.Ownership.WHOLE_FILE));
                mine.add(path);
            }
            paths.put(s.key(), mine);
        }
        if (paths.isEmpty()) {
            return rendered;
        }
        List<RenderReport.Entry> entries = rendered.report().entries().stream()
                .map(e -> paths.containsKey(e.key()) ? new RenderReport.Entry(e.key(), e.status(), paths.get(e.key()),
                        e.reason()) : e)
                .toList();
        return new RenderResult(List.copyOf(files.values()),
                new RenderReport(rendered.report().provider(), entries, rendered.report().warnings()));
    }
}
