package dev.scc.policy.audit;

import dev.scc.policy.audit.VerifyReport.Problem;
import dev.scc.policy.audit.internal.AuditCodec;
import java.io.ByteArrayOutputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks an audit log's hash chain and reports every edited, removed or reordered record by line
 * number and seq. A final line without a newline is a torn write from a crash mid-append: it is
 * reported as a warning and does not fail the records before it. Also reads records for display
 * ({@link #read}). Stateless.
 */
public final class AuditVerifier {

    /** Verifies {@code log} and its head file. A missing log is an empty, valid log. */
    public VerifyReport verify(Path log) {
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long[] lineNo = {0};
        long[] expectedSeq = {1};
        String[] prevHash = {AuditCodec.GENESIS};
        String[] lastHash = {null};
        String[] beforeLastHash = {null};
        long[] lastSeq = {0};
        long[] records = {0};
        Optional<String> torn;
        try {
            torn = lines(log, line -> {
                long n = ++lineNo[0];
                Optional<Long> quick = AuditCodec.quickSeq(line);
                AuditRecord rec;
                try {
                    rec = AuditCodec.parse(line, n);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(n, quick, "not a valid record: " + e.getMessage()));
                    prevHash[0] = AuditCodec.claimedHash(line).orElse(null);
                    expectedSeq[0] = quick.map(s -> s + 1).orElse(expectedSeq[0] + 1);
                    return;
                }
                records[0]++;
                Optional<Long> seq = Optional.of(rec.seq());
                if (line.endsWith("\r")) {
                    problems.add(new Problem(n, seq, "line ends with CR (CRLF): records end with LF only, so this"
                            + " line's bytes are not the ones that were hashed"));
                }
                if (AuditEvent.ChainBreak.KIND.equals(rec.kind())) {
                    problems.add(new Problem(n, seq, "chain break recorded by the writer: " + rec.evidence().outcome()
                            + " (" + breakDetails(line) + ")"));
                }
                Optional<String> computed = AuditCodec.computedHash(line);
                if (computed.isEmpty() || !computed.get().equals(rec.hash())) {
                    problems.add(new Problem(n, seq, "content does not match its hash: this record was edited"));
                }
                if (rec.seq() > expectedSeq[0]) {
                    problems.add(new Problem(n, seq, "seq jumps from " + (expectedSeq[0] - 1) + " to " + rec.seq()
                            + ": " + (rec.seq() - expectedSeq[0]) + " record(s) missing before this line"));
                } else if (rec.seq() < expectedSeq[0]) {
                    problems.add(new Problem(n, seq, "seq " + rec.seq() + " where " + expectedSeq[0]
                            + " was expected: records reordered or duplicated"));
                }
                if (prevHash[0] != null && !rec.prev().equals(prevHash[0])) {
                    problems.add(new Problem(n, seq, "prev does not match the hash of the record before it:"
                            + " a record before this line was edited, removed or reordered"));
                }
                prevHash[0] = rec.hash();
                expectedSeq[0] = rec.seq() + 1;
                beforeLastHash[0] = lastHash[0];
                lastHash[0] = rec.hash();
                lastSeq[0] = rec.seq();
            });
        } catch (NoSuchFileException e) {
            if (Files.exists(AuditLog.headFile(log))) {
                problems.add(new Problem(0, Optional.empty(), "the log file is missing but its head file exists:"
                        + " the whole log was removed"));
            }
            return new VerifyReport(log, problems.isEmpty(), 0, Optional.empty(), problems, warnings,
                    Optional.empty());
        } catch (IOException e) {
            throw new AuditException(log, "cannot read audit log " + log + ": " + e.getMessage(), e);
        }
        Optional<Long> tornLine = torn.map(t -> lineNo[0] + 1);
        tornLine.ifPresent(t -> warnings.add("line " + t + " is a torn write (no newline; a crash mid-append) and"
                + " is not a record; the records before it are unaffected and the next append removes it"));
        checkHead(log, lineNo[0], lastSeq[0], lastHash[0], beforeLastHash[0], problems, warnings);
        return new VerifyReport(log, problems.isEmpty(), records[0],
                lastSeq[0] == 0 ? Optional.empty() : Optional.of(lastSeq[0]), problems, warnings, tornLine);
    }

    private static void checkHead(Path log, long lines, long lastSeq, String lastHash, String beforeLastHash,
            List<Problem> problems, List<String> warnings) {
        Path headFile = AuditLog.headFile(log);
        Map.Entry<Long, String> head;
        try {
            head = AuditCodec.parseHead(Files.readString(headFile, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            if (lastSeq > 0) {
                warnings.add("no head file " + headFile + ": removal of records at the end cannot be detected");
            }
            return;
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new Problem(lines, Optional.empty(), "head file " + headFile + " is unreadable: "
                    + e.getMessage()));
            return;
        }
        long hs = head.getKey();
        if (hs > lastSeq) {
            problems.add(new Problem(lines, Optional.of(lastSeq), "the log ends at seq " + lastSeq
                    + " but its head records seq " + hs + ": " + (hs - lastSeq) + " record(s) removed from the end"));
        } else if (hs == lastSeq) {
            if (!head.getValue().equals(lastHash)) {
                problems.add(new Problem(lines, Optional.of(lastSeq), "the last record's hash differs from the one"
                        + " in the head: the last record was rewritten"));
            }
        } else if (hs == lastSeq - 1 && head.getValue().equals(beforeLastHash)) {
            warnings.add("the head lags the log by one record (a crash between append and head update)");
        } else {
            problems.add(new Problem(lines, Optional.of(lastSeq), "the head records seq " + hs + " but the log"
                    + " continues to seq " + lastSeq + ": records were added or changed outside the log writer"));
        }
    }

    private static String breakDetails(String line) {
        try {
            var d = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("details");
            return "the head said seq " + d.path("head_seq").asLong() + " but the log ended at seq "
                    + d.path("found_seq").asLong() + ": records were removed from the end or the log or head replaced";
        } catch (IOException e) {
            return "details unreadable";
        }
    }

    /** Every complete, parseable record in file order; unreadable lines and a torn tail are skipped. */
    public List<AuditRecord> read(Path log) {
        List<AuditRecord> out = new ArrayList<>();
        long[] n = {0};
        try {
            lines(log, line -> {
                n[0]++;
                try {
                    out.add(AuditCodec.parse(line, n[0]));
                } catch (IllegalArgumentException skipped) {
                    // verify reports it; readers show what can be shown
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new AuditException(log, "cannot read audit log " + log + ": " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    /** Feeds each newline-terminated line (UTF-8, without the newline); returns an unterminated remainder. */
    private static Optional<String> lines(Path log, Consumer<String> sink) throws IOException {
        // A device never ends and a FIFO blocks until a writer comes: only a regular file is read.
        dev.scc.policy.files.BoundedFiles.requireRegular(log);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 65536)) {
            ByteArrayOutputStream cur = new ByteArrayOutputStream(512);
            byte[] buf = new byte[65536];
            int got;
            while ((got = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < got; i++) {
                    if (buf[i] == '\n') {
                        cur.write(buf, start, i - start);
                        sink.accept(cur.toString(StandardCharsets.UTF_8));
                        cur.reset();
                        start = i + 1;
                    }
                }
                cur.write(buf, start, got - start);
            }
            return cur.size() == 0 ? Optional.empty() : Optional.of(cur.toString(StandardCharsets.UTF_8));
        }
    }
}
