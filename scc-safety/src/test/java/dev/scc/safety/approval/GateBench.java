package dev.scc.safety.approval;

import dev.scc.safety.approval.ApprovalWire;
import dev.scc.safety.approval.ApprovalWire.AnswerFile;
import dev.scc.safety.approval.ApprovalWire.RequestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Side-by-side benchmark (not a test; run by hand): FileApprovalGate.check for a command already
 * waiting for approval, with H answered requests of other commands in the directories, against a
 * baseline that reads and parses that one request file. Prints microseconds per call and the ratio.
 * Usage: GateBench [history] [iterations].
 */
public final class GateBench {
    public static void main(String[] args) throws IOException {
        int history = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 3);
        Path dir = Files.createTempDirectory("scc-gate-bench");
        Path req = dir.resolve("requests");
        Path ans = dir.resolve("answers");
        Files.createDirectories(req);
        Files.createDirectories(ans);
        Instant now = Instant.now();
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < history; i++) {
            String id = ApprovalWire.newId(rnd);
            RequestFile r = RequestFile.create(key, id, "s1", List.of("git", "push", "origin", "b" + i), "/w", "r", "x",
                    now, now.plusSeconds(900));
            Files.writeString(req.resolve(id + ".json"), r.toJson());
            Files.writeString(ans.resolve(id + ".json"), AnswerFile.create(key, id, "s1", r.binding(), "deny", "a", "",
                    now, now.plusSeconds(600)).toJson());
        }
        FileApprovalGate gate = new FileApprovalGate(req, ans, key, Clock.systemUTC(), Duration.ofMinutes(15));
        ApprovalGate.Request push = new ApprovalGate.Request(List.of("git", "push", "origin", "main"), "/w", "r", "x",
                "s1");
        String id = gate.check(push).requestId().orElseThrow();
        Path file = req.resolve(id + ".json");
        for (int round = 0; round < 5; round++) {
            long g = 0;
            long b = 0;
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                if (gate.check(push).approved()) {
                    throw new IllegalStateException("must stay pending");
                }
                long t1 = System.nanoTime();
                if (!RequestFile.fromJson(Files.readString(file)).authentic(key)) {
                    throw new IllegalStateException("baseline broken");
                }
                long t2 = System.nanoTime();
                g += t1 - t0;
                b += t2 - t1;
            }
            System.out.printf("round %d (history %d): check %.1f us/call | read+parse+MAC one request %.1f us (%.1fx)%n",
                    round, history, g / 1e3 / iters, b / 1e3 / iters, (double) g / b);
        }
    }
}
