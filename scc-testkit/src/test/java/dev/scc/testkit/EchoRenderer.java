package dev.scc.testkit;

import dev.scc.core.plan.PlanItem;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import java.util.ArrayList;
import java.util.List;

/**
 * A third-party-style adapter, written only against the public SPI and registered through
 * {@code META-INF/services} in test resources: it lists the plan in a text file and keeps instructions in a managed
 * block of the workspace's {@code AGENTS.md}.
 */
public final class EchoRenderer implements ProviderRenderer {
    @Override
    public String id() {
        return "echo";
    }

    @Override
    public RenderResult render(RenderPlan plan, RenderContext context) {
        RenderReport.Builder report = new RenderReport.Builder(id());
        List<RenderedFile> files = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (PlanItem item : plan.items()) {
            if (item instanceof RenderPlan.Skipped s) {
                report.skipped(s.key(), s.reason());
            } else if (item instanceof RenderPlan.Instruction i) {
                report.rendered(i.key(), "workspace/AGENTS.md");
            } else {
                list.append(item.key()).append('\n');
                report.rendered(item.key(), "etc/echo/plan.txt");
            }
        }
        if (list.length() > 0) {
            files.add(RenderedFile.text("etc/echo/plan.txt", list.toString()));
        }
        if (!plan.instructions().isEmpty()) {
            StringBuilder md = new StringBuilder();
            plan.instructions().forEach(i -> md.append("- ").append(i.text()).append('\n'));
            files.add(RenderedFile.markdownBlock("workspace/AGENTS.md", md.toString()));
        }
        return new RenderResult(files, report.build());
    }
}
