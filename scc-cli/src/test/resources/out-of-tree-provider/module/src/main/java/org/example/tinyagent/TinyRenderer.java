package org.example.tinyagent;

import dev.scc.core.plan.ItemState;
import dev.scc.core.plan.RenderPlan;
import dev.scc.core.spi.ProviderRenderer;
import dev.scc.core.spi.RenderContext;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.RenderResult;
import dev.scc.core.spi.RenderedFile;
import java.util.List;

/** Writes one line per governed item into etc/tiny-agent/config.txt; reports everything else skipped. */
public final class TinyRenderer implements ProviderRenderer {
    static final String CONFIG = "etc/tiny-agent/config.txt";

    @Override
    public String id() {
        return "tiny-agent";
    }

    @Override
    public RenderResult render(RenderPlan plan, RenderContext context) {
        RenderReport.Builder report = new RenderReport.Builder(id());
        StringBuilder text = new StringBuilder("# tiny-agent config, rendered by SCC\n");
        plan.safetyHook().ifPresent(h -> {
            text.append("hook ").append(h.command()).append('\n');
            report.rendered(h.key(), CONFIG);
        });
        for (RenderPlan.McpServer s : plan.mcpServers()) {
            if (s.state() == ItemState.BLOCKED) {
                report.blocked(s.key(), s.reason());
            } else {
                text.append("mcp ").append(s.name()).append('\n');
                report.rendered(s.key(), CONFIG);
            }
        }
        for (var item : plan.items()) {
            if (report.build().entry(item.key()).isEmpty()) {
                report.skipped(item.key(), plan.skipped().stream().filter(s -> s.key().equals(item.key()))
                        .map(RenderPlan.Skipped::reason).findFirst().orElse("not-applicable: tiny-agent"));
            }
        }
        boolean any = report.build().entries().stream().anyMatch(e -> e.paths().contains(CONFIG));
        return new RenderResult(any ? List.of(RenderedFile.text(CONFIG, text.toString())) : List.of(), report.build());
    }
}
