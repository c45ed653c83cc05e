package dev.scc.safety.evaluator;

import dev.scc.safety.SafetyPolicyLoader;
import dev.scc.safety.SafetyEngine;
import dev.scc.safety.SafetyPolicy;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.approval.FileApprovalGate;
import dev.scc.safety.audit.AuditSink;
import dev.scc.safety.audit.FileAuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The resident evaluator's stable entry point:
 * <pre>java -cp scc-safety.jar dev.scc.safety.evaluator.EvaluatorMain --policy FILE --socket PATH
 *      [--audit-log FILE] [--session ID] [--allow-unprotected-policy]
 *      [--approvals-requests DIR --approvals-answers DIR --approval-key FILE [--approval-ttl-seconds N]]
 *      [--restarted N --last-exit STATUS] [--hook-formats FILE]
 *      [--checkpoint-requests DIR [--checkpoint-wait-ms N] [--workspace /workspace]]</pre>
 * {@code --checkpoint-requests}: before a command it lets run that destroys work ({@link RiskyCommands}), the evaluator
 * asks the host for a checkpoint through DIR and waits for it at most N ms (default 5000) ({@link CheckpointRequests}).
 * {@code --hook-formats} reads the hook formats from FILE instead of {@code /etc/scc/hook-formats.json} (a test's
 * evaluator on the host, next to a real agent CLI).
 * With the three approval options, {@code require_approval} verdicts go through the signed file channel
 * ({@link FileApprovalGate}); without them every such command stays stopped ({@link ApprovalGate#NONE}). An
 * approval key that cannot be read also means {@code NONE}: fail closed, and say so.
 * The policy is read once; a missing, unreadable, unprotected (symlink, group/world-writable, not owned
 * by root or this user) or invalid policy does not stop the evaluator: it serves and blocks every
 * guarded command, saying why. Exit codes: 143 on SIGTERM (a deliberate stop: the image's supervisor does not
 * restart it), 2 usage error, 1 socket error.
 *
 * <p>{@code --restarted N --last-exit STATUS} come from the supervisor (images/scc-base/evaluator-supervisor.sh)
 * when it starts the evaluator again: once listening, this one says so on stderr and, with {@code --audit-log},
 * appends one {@code evaluator_restarted} record ({@link FileAuditLog#restarted}).
 */
public final class EvaluatorMain {
    private EvaluatorMain() {}

    public static void main(String[] args) throws Exception {
        String policy = null;
        String socket = null;
        String audit = null;
        String session = "";
        boolean requireProtected = true;
        String requests = null;
        String answers = null;
        String keyFile = null;
        long ttlSeconds = 600;
        int restarted = 0;
        int lastExit = -1;
        String realDir = "/usr/lib/scc/real";
        String formats = dev.scc.safety.hook.HookFormats.PATH;
        String checkpointRequests = null;
        long checkpointWaitMs = 5000;
        String workspace = "/workspace";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--policy": policy = value(args, ++i, a); break;
                case "--socket": socket = value(args, ++i, a); break;
                case "--audit-log": audit = value(args, ++i, a); break;
                case "--session": session = value(args, ++i, a); break;
                case "--allow-unprotected-policy": requireProtected = false; break;
                case "--approvals-requests": requests = value(args, ++i, a); break;
                case "--approvals-answers": answers = value(args, ++i, a); break;
                case "--approval-key": keyFile = value(args, ++i, a); break;
                case "--approval-ttl-seconds": ttlSeconds = Long.parseLong(value(args, ++i, a)); break;
                case "--restarted": restarted = number(value(args, ++i, a), a); break;
                case "--last-exit": lastExit = number(value(args, ++i, a), a); break;
                case "--real-dir": realDir = value(args, ++i, a); break;
                case "--hook-formats": formats = value(args, ++i, a); break;
                case "--checkpoint-requests": checkpointRequests = value(args, ++i, a); break;
                case "--checkpoint-wait-ms": checkpointWaitMs = number(value(args, ++i, a), a); break;
                case "--workspace": workspace = value(args, ++i, a); break;
                default: usage("unknown argument " + a);
            }
        }
        if (policy == null || socket == null) {
            usage("--policy and --socket are required");
        }
        SafetyPolicy p = SafetyPolicyLoader.load(Path.of(policy), requireProtected);
        p.failure().ifPresent(f -> System.err.println("scc-safety: POLICY NOT LOADED, blocking every git and network command: " + f));
        FileAuditLog auditLog = audit == null ? null : new FileAuditLog(Path.of(audit), Clock.systemUTC());
        AuditSink sink = auditLog == null ? AuditSink.NONE : auditLog;
        ApprovalGate gate = approvalGate(requests, answers, keyFile, ttlSeconds);
        Path real = Path.of(realDir);
        // a program has a wrapper when install-wrappers.sh moved its real binary aside
        Evaluator evaluator = new Evaluator(new SafetyEngine(p, System.getenv()), gate, sink, session,
                name -> !name.isEmpty() && !name.contains("/") && java.nio.file.Files.isRegularFile(real.resolve(name)),
                policyVersion(Path.of(policy)));
        if (checkpointRequests != null) {
            evaluator.checkpointBeforeRisky(new CheckpointRequests(Path.of(checkpointRequests),
                    java.time.Duration.ofMillis(checkpointWaitMs)), workspace);
        }
        EvaluatorServer server;
        try {
            server = EvaluatorServer.start(evaluator, Path.of(socket), hookFormats(formats));
        } catch (Exception e) {
            System.err.println("scc-safety: cannot listen on " + socket + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        System.err.println("scc-safety: evaluator listening on " + socket + " (policy " + policy + ")");
        if (restarted > 0) {
            System.err.println("scc-safety: evaluator restarted (restart " + restarted + ", previous exit status "
                    + lastExit + ")");
            if (auditLog != null) {
                auditLog.restarted(session, restarted, lastExit);
            }
        }
        // Warm the engine so the first real request is fast; announced first, because the socket already answers.
        for (int i = 0; i < 2000; i++) {
            new SafetyEngine(p).evaluateArgv(java.util.List.of("git", "push", i % 2 == 0 ? "--force" : "origin", "main"));
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // exiting anyway
            }
            done.countDown();
        }));
        done.await();
    }

    /** The hook formats SCC placed in the sandbox; an unreadable file blocks every hook call (fail closed). */
    private static dev.scc.safety.hook.HookFormats hookFormats(String file) {
        try {
            return dev.scc.safety.hook.HookFormats.load(Path.of(file));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("scc-safety: HOOK FORMATS NOT LOADED, blocking every hook call: " + e.getMessage());
            return dev.scc.safety.hook.HookFormats.refusingAll();
        }
    }

    /** The policy's version: {@code sha256:} and the hash of the file's bytes (empty when it cannot be read). */
    static String policyVersion(Path file) {
        try {
            byte[] b = java.nio.file.Files.readAllBytes(file);
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException | RuntimeException e) {
            return "";
        }
    }

    private static ApprovalGate approvalGate(String requests, String answers, String keyFile, long ttlSeconds) {
        if (requests == null && answers == null && keyFile == null) {
            return ApprovalGate.NONE;
        }
        if (requests == null || answers == null || keyFile == null) {
            usage("--approvals-requests, --approvals-answers and --approval-key go together");
        }
        try {
            return new FileApprovalGate(Path.of(requests), Path.of(answers), FileApprovalGate.readKey(Path.of(keyFile)),
                    Clock.systemUTC(), java.time.Duration.ofSeconds(ttlSeconds));
        } catch (Exception e) {
            System.err.println("scc-safety: approvals disabled, every require_approval command stays stopped: cannot read "
                    + "approval key " + keyFile + ": " + e.getMessage());
            return ApprovalGate.NONE;
        }
    }

    private static int number(String v, String opt) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(opt + " needs a non-negative number, got '" + v + "'");
        return -1;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            usage(opt + " needs a value");
        }
        return args[i];
    }

    private static void usage(String why) {
        System.err.println("scc-safety: " + why);
        System.err.println("usage: EvaluatorMain --policy FILE --socket PATH [--audit-log FILE] [--session ID] [--allow-unprotected-policy]"
                + " [--approvals-requests DIR --approvals-answers DIR --approval-key FILE] [--restarted N --last-exit STATUS]"
                + " [--real-dir DIR] [--checkpoint-requests DIR [--checkpoint-wait-ms N] [--workspace DIR]]");
        System.exit(2);
    }
}
