package dev.scc.cli.commands.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.WriteResult;
import dev.scc.cli.output.JsonOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Prints a render report as text or as the {@code scc.cli/v1} JSON envelope. */
final class ReportPrinter {
    private final PrintWriter out;

    ReportPrinter(PrintWriter out) {
        this.out = out;
    }

    void text(Path root, RenderReport report, WriteResult w) {
        out.printf("Rendered %s into %s: %d written, %d unchanged, %d removed%n", report.provider(), root,
                w.written().size(), w.unchanged().size(), w.removed().size());
        int width = report.entries().stream().mapToInt(e -> e.key().length()).max().orElse(0);
        for (RenderReport.Entry e : report.entries()) {
            String detail = e.status() == RenderReport.Status.RENDERED ? String.join(", ", e.paths())
                    : e.reason() + (e.paths().isEmpty() ? "" : " (" + String.join(", ", e.paths()) + ")");
            out.printf("  %-8s  %-" + Math.max(width, 1) + "s  %s%n", e.status().name().toLowerCase(Locale.ROOT), e.key(), detail);
        }
        for (WriteResult.Conflict c : w.conflicts()) {
            out.printf("warning: %s: %s%n", c.path(), c.reason());
        }
        for (String warning : report.warnings()) {
            out.printf("warning: %s%n", warning);
        }
    }

    void json(Path root, RenderReport report, WriteResult w) {
        ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("provider", report.provider()).put("root", root.toString());
        ObjectNode files = data.putObject("files");
        w.written().forEach(files.putArray("written")::add);
        w.unchanged().forEach(files.putArray("unchanged")::add);
        w.removed().forEach(files.putArray("removed")::add);
        ArrayNode conflicts = files.putArray("conflicts");
        w.conflicts().forEach(c -> conflicts.addObject().put("path", c.path()).put("reason", c.reason()));
        ArrayNode items = data.putArray("items");
        for (RenderReport.Entry e : report.entries()) {
            ObjectNode i = items.addObject().put("key", e.key()).put("status", e.status().name().toLowerCase(Locale.ROOT));
            e.paths().forEach(i.putArray("paths")::add);
            i.put("reason", e.reason());
        }
        java.util.List<String> warnings = new java.util.ArrayList<>();
        w.conflicts().forEach(c -> warnings.add(c.path() + ": " + c.reason()));
        warnings.addAll(report.warnings());
        JsonOutput.print(out, JsonOutput.envelope("RenderReport", true, data, java.util.List.of(), warnings,
                java.time.Clock.systemUTC()));
    }
}
