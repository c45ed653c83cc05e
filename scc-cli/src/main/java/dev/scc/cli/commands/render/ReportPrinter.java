package dev.scc.cli.commands.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scc.core.spi.RenderReport;
import dev.scc.core.spi.WriteResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode env = m.createObjectNode().put("apiVersion", "scc.cli/v1").put("kind", "RenderReport");
        String v = ReportPrinter.class.getPackage().getImplementationVersion();
        env.putObject("metadata").put("generatedAt", Instant.now().toString()).put("cliVersion", v == null ? "dev" : v);
        ObjectNode status = env.putObject("status").put("ok", true);
        status.putArray("errors");
        ArrayNode warnings = status.putArray("warnings");
        w.conflicts().forEach(c -> warnings.add(c.path() + ": " + c.reason()));
        report.warnings().forEach(warnings::add);
        ObjectNode data = env.putObject("data").put("provider", report.provider()).put("root", root.toString());
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
        try {
            out.println(m.writeValueAsString(env));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
