package dev.scc.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The text form of one checkpoint: a header, one line per entry (tab-separated, path last and escaped) and a last
 * line with the SHA-256 of everything before it, so a damaged or truncated manifest is detected before anything is
 * restored from it.
 * <pre>
 * scc-checkpoint 1
 * created 2026-12-06T22:00:00Z
 * reason launch
 * D  755  .git
 * F  644  12  1733500000000000000  &lt;sha256&gt;  README
 * L  link-target  path
 * end &lt;sha256&gt;
 * </pre>
 */
final class Manifest {
    static final String MAGIC = "scc-checkpoint 1";

    /** One entry; {@code path} is relative, {@code /}-separated, empty for the root directory. */
    sealed interface Entry permits Dir, File, Link {
        String path();
    }

    record Dir(String path, int mode) implements Entry {}

    record File(String path, int mode, long size, long mtimeNanos, String hash) implements Entry {}

    record Link(String path, String target) implements Entry {}

    final Instant created;
    final String reason;
    final List<Entry> entries;

    Manifest(Instant created, String reason, List<Entry> entries) {
        this.created = created;
        this.reason = reason;
        this.entries = List.copyOf(entries);
    }

    byte[] write() {
        StringBuilder sb = new StringBuilder(64 + entries.size() * 120);
        sb.append(MAGIC).append('\n').append("created ").append(created).append('\n')
                .append("reason ").append(escape(reason)).append('\n');
        for (Entry e : entries) {
            if (e instanceof Dir d) {
                sb.append("D\t").append(Integer.toOctalString(d.mode())).append('\t');
            } else if (e instanceof File f) {
                sb.append("F\t").append(Integer.toOctalString(f.mode())).append('\t').append(f.size()).append('\t')
                        .append(f.mtimeNanos()).append('\t').append(f.hash()).append('\t');
            } else if (e instanceof Link l) {
                sb.append("L\t").append(escape(l.target())).append('\t');
            }
            sb.append(escape(e.path())).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 80);
        out.writeBytes(body);
        out.writeBytes(("end " + sha256(body) + "\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Parses and verifies; {@code what} names the manifest in errors. */
    static Manifest read(byte[] bytes, String what) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int endAt = text.lastIndexOf("\nend ");
        if (!text.startsWith(MAGIC + "\n") || endAt < 0 || !text.endsWith("\n")) {
            throw corrupt(what, "it is not a complete checkpoint manifest");
        }
        String body = text.substring(0, endAt + 1);
        String digest = text.substring(endAt + 5, text.length() - 1);
        if (!sha256(body.getBytes(StandardCharsets.UTF_8)).equals(digest)) {
            throw corrupt(what, "its digest does not match its contents");
        }
        List<String> lines = body.lines().toList();
        try {
            Instant created = Instant.parse(field(lines.get(1), "created "));
            String reason = unescape(field(lines.get(2), "reason "));
            List<Entry> entries = new ArrayList<>(lines.size());
            for (String line : lines.subList(3, lines.size())) {
                String[] f = line.split("\t", -1);
                entries.add(switch (f[0]) {
                    case "D" -> new Dir(unescape(f[2]), Integer.parseInt(f[1], 8));
                    case "F" -> new File(unescape(f[5]), Integer.parseInt(f[1], 8), Long.parseLong(f[2]),
                            Long.parseLong(f[3]), hash(f[4]));
                    case "L" -> new Link(unescape(f[2]), unescape(f[1]));
                    default -> throw new IllegalArgumentException("unknown entry type " + f[0]);
                });
            }
            checkTree(entries);
            return new Manifest(created, reason, entries);
        } catch (RuntimeException e) {
            throw corrupt(what, "a line does not parse (" + e.getMessage() + ")");
        }
    }

    /**
     * The entries form the tree a walk writes: the root first, every other path plain and relative (no empty, "." or
     * ".." segment), once, after the directory that holds it, and never below a link or a file. A restore then never
     * writes through a link it made itself, nor outside its target, whatever the manifest says.
     */
    private static void checkTree(List<Entry> entries) {
        if (entries.isEmpty() || !(entries.get(0) instanceof Dir root) || !root.path().isEmpty()) {
            throw new IllegalArgumentException("the root directory does not come first");
        }
        java.util.Set<String> dirs = new java.util.HashSet<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        dirs.add("");
        for (Entry e : entries.subList(1, entries.size())) {
            String p = e.path();
            for (String segment : p.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("entry '" + p + "' is not a plain relative path");
                }
            }
            int slash = p.lastIndexOf('/');
            if (!dirs.contains(slash < 0 ? "" : p.substring(0, slash))) {
                throw new IllegalArgumentException("entry '" + p + "' is not below a directory listed before it");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("entry '" + p + "' appears twice");
            }
            if (e instanceof Dir) {
                dirs.add(p);
            }
        }
    }

    private static String hash(String h) {
        if (h.length() != 64 || !h.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("bad content digest " + h);
        }
        return h;
    }

    private static String field(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            throw new IllegalArgumentException("expected '" + prefix.trim() + "'");
        }
        return line.substring(prefix.length());
    }

    static CheckpointException corrupt(String what, String why) {
        return new CheckpointException("checkpoint " + what + " is corrupt: " + why + "; nothing was restored",
                "restore another checkpoint ('scc checkpoints' lists them)");
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                default -> null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.substring(0, i));
            }
            if (sb != null) {
                sb.append(rep != null ? rep : String.valueOf(c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            sb.append(switch (n) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '\\' -> '\\';
                default -> throw new IllegalArgumentException("bad escape \\" + n);
            });
        }
        return sb.toString();
    }
}
