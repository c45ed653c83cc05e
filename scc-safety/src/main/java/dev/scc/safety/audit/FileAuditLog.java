package dev.scc.safety.audit;

import dev.scc.safety.Verdict;
import dev.scc.safety.internal.json.MiniJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Appends one JSON line per verdict to a file: {@code ts, source, session, cwd, command, decision, rule,
 * reason, approval_request_id?}. Secrets in URLs and common credential options are masked and the
 * command is cut to {@value #MAX_COMMAND} characters. Write failures are swallowed (reported once on
 * stderr) because auditing must never turn a verdict around.
 */
public final class FileAuditLog implements AuditSink {
    static final int MAX_COMMAND = 500;
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern SECRET_OPTION = Pattern.compile(
            "(?i)((?:--?(?:user|password|pass|token|oauth2-bearer|proxy-user|http-password|ftp-password)[= ]|authorization:\\s*\\S+\\s|"
                    + "(?:token|password|secret|api[_-]?key)=))\\S+");

    private final Path file;
    private final Clock clock;
    private boolean warned;

    public FileAuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public synchronized void record(String source, String sessionId, String cwd, List<String> command, Verdict verdict) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"ts\":");
        MiniJson.quote(sb, clock.instant().toString());
        sb.append(",\"source\":");
        MiniJson.quote(sb, source);
        sb.append(",\"session\":");
        MiniJson.quote(sb, sessionId);
        sb.append(",\"cwd\":");
        MiniJson.quote(sb, cwd);
        sb.append(",\"command\":");
        MiniJson.quote(sb, redact(command.size() == 1 ? command.get(0) : joinQuoted(command)));
        sb.append(",\"decision\":");
        MiniJson.quote(sb, verdict.decision().wire());
        sb.append(",\"rule\":");
        if (verdict.rule().isPresent()) {
            MiniJson.quote(sb, verdict.rule().get());
        } else {
            sb.append("null");
        }
        sb.append(",\"reason\":");
        MiniJson.quote(sb, redact(verdict.reason()));
        verdict.approvalRequestId().ifPresent(id -> MiniJson.quote(sb.append(",\"approval_request_id\":"), id));
        sb.append("}\n");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                System.err.println("scc-safety: cannot append to audit log " + file + ": " + e.getMessage());
            }
        }
    }

    /** An argv as a shell would need it typed, so that the log line is unambiguous. */
    static String joinQuoted(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean plain = !a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:@,+%^".indexOf(c) >= 0);
            sb.append(plain ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Masks credentials and bounds the length. */
    public static String redact(String s) {
        String r = URL_USERINFO.matcher(s).replaceAll("$1***@");
        r = SECRET_OPTION.matcher(r).replaceAll("$1***");
        return r.length() > MAX_COMMAND ? r.substring(0, MAX_COMMAND) + "…" : r;
    }
}
