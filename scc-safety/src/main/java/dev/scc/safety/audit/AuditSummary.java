package dev.scc.safety.audit;

import dev.scc.safety.internal.json.MiniJson;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A summary of the most recent verdicts in an audit log written by {@link FileAuditLog}: counts by
 * decision, rule and source, the time span, and the latest blocked commands. Reads only the file's
 * tail (at most {@value #MAX_TAIL_BYTES} bytes), so a large log stays cheap; lines that are not
 * valid records are counted, not fatal. Event records (a {@code kind} and no {@code decision}, such as
 * {@code evaluator_restarted}) are neither verdicts nor malformed: they are passed over.
 */
public record AuditSummary(
        Path file,
        int verdicts,
        int malformedLines,
        Optional<String> from,
        Optional<String> to,
        Map<String, Integer> byDecision,
        Map<String, Integer> byRule,
        Map<String, Integer> bySource,
        List<Entry> recentBlocks) {
    private static final Redactor REDACTOR = new Redactor();

    static final int MAX_TAIL_BYTES = 4 * 1024 * 1024;

    /** One blocked command. */
    public record Entry(String ts, String source, String command, String rule) {}

    public AuditSummary {
        byDecision = Collections.unmodifiableMap(new LinkedHashMap<>(byDecision));
        byRule = Collections.unmodifiableMap(new LinkedHashMap<>(byRule));
        bySource = Collections.unmodifiableMap(new LinkedHashMap<>(bySource));
        recentBlocks = List.copyOf(recentBlocks);
    }

    /** Summarises the last {@code limit} records of {@code file}. */
    public static AuditSummary read(Path file, int limit, int blocksShown) throws IOException {
        List<String> lines = tail(file, limit);
        Map<String, Integer> decisions = new LinkedHashMap<>();
        for (String d : List.of("allow", "warn", "require_approval", "block")) {
            decisions.put(d, 0);
        }
        Map<String, Integer> rules = new TreeMap<>();
        Map<String, Integer> sources = new TreeMap<>();
        List<Entry> blocks = new ArrayList<>();
        int ok = 0;
        int bad = 0;
        String from = null;
        String to = null;
        for (String line : lines) {
            Map<?, ?> m;
            try {
                Object o = MiniJson.parse(line);
                if (!(o instanceof Map)) {
                    bad++;
                    continue;
                }
                m = (Map<?, ?>) o;
            } catch (MiniJson.JsonException e) {
                bad++;
                continue;
            }
            String decision = str(m, "decision");
            String ts = str(m, "ts");
            if (decision.isEmpty() && !str(m, "kind").isEmpty()) {
                continue; // an event record (e.g. evaluator_restarted), not a verdict and not malformed
            }
            if (decision.isEmpty() || ts.isEmpty()) {
                bad++;
                continue;
            }
            ok++;
            from = from == null ? ts : from;
            to = ts;
            decisions.merge(decision, 1, Integer::sum);
            sources.merge(str(m, "source"), 1, Integer::sum);
            String rule = str(m, "rule");
            if (!rule.isEmpty() && !decision.equals("allow")) {
                rules.merge(rule, 1, Integer::sum);
            }
            if (decision.equals("block")) {
                // The log may come from an older evaluator or another tool: print nothing it did not redact.
                blocks.add(new Entry(ts, str(m, "source"), REDACTOR.redact(str(m, "command")), rule));
            }
        }
        List<Entry> recent = blocks.subList(Math.max(0, blocks.size() - blocksShown), blocks.size());
        List<Entry> newestFirst = new ArrayList<>(recent);
        Collections.reverse(newestFirst);
        Map<String, Integer> sortedRules = new LinkedHashMap<>();
        rules.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> sortedRules.put(e.getKey(), e.getValue()));
        return new AuditSummary(file, ok, bad, Optional.ofNullable(from), Optional.ofNullable(to), decisions, sortedRules, sources,
                newestFirst);
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof String ? (String) v : "";
    }

    private static List<String> tail(Path file, int limit) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long start = Math.max(0, len - MAX_TAIL_BYTES);
            byte[] buf = new byte[(int) (len - start)];
            f.seek(start);
            f.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            if (start > 0) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1);
            }
            List<String> lines = new ArrayList<>();
            for (String l : text.split("\n")) {
                if (!l.isBlank()) {
                    lines.add(l);
                }
            }
            return lines.subList(Math.max(0, lines.size() - limit), lines.size());
        }
    }

    /** The summary as one JSON object. */
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"file\":");
        MiniJson.quote(sb, file.toString());
        sb.append(",\"verdicts\":").append(verdicts).append(",\"malformed_lines\":").append(malformedLines);
        sb.append(",\"from\":");
        optional(sb, from);
        sb.append(",\"to\":");
        optional(sb, to);
        sb.append(",\"by_decision\":");
        counts(sb, byDecision);
        sb.append(",\"by_rule\":");
        counts(sb, byRule);
        sb.append(",\"by_source\":");
        counts(sb, bySource);
        sb.append(",\"recent_blocks\":[");
        for (int i = 0; i < recentBlocks.size(); i++) {
            Entry e = recentBlocks.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"ts\":");
            MiniJson.quote(sb, e.ts());
            sb.append(",\"source\":");
            MiniJson.quote(sb, e.source());
            sb.append(",\"command\":");
            MiniJson.quote(sb, e.command());
            sb.append(",\"rule\":");
            MiniJson.quote(sb, e.rule());
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    private static void optional(StringBuilder sb, Optional<String> v) {
        if (v.isPresent()) {
            MiniJson.quote(sb, v.get());
        } else {
            sb.append("null");
        }
    }

    private static void counts(StringBuilder sb, Map<String, Integer> m) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            sb.append(first ? "" : ",");
            MiniJson.quote(sb, e.getKey());
            sb.append(':').append(e.getValue());
            first = false;
        }
        sb.append('}');
    }
}
