package dev.scc.broker;

import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.credential.CredentialVault;
import dev.scc.broker.launch.BrokerLaunch;
import dev.scc.broker.meter.TeamUsage;
import dev.scc.broker.meter.TokenMeter;
import dev.scc.broker.server.BrokerServer;
import dev.scc.broker.server.UpstreamTls;
import dev.scc.policy.audit.AuditLog;
import dev.scc.policy.schema.DocumentKind;
import dev.scc.policy.schema.DocumentReader;
import dev.scc.policy.schema.SchemaValidator;
import dev.scc.safety.approval.ApprovalGate;
import dev.scc.safety.approval.FileApprovalGate;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The broker as a process on the egress side (its own container on the internal and egress networks, or a process in
 * the egress proxy's container, either way out of the agent's reach):
 * <pre>
 *   java -cp … dev.scc.broker.BrokerMain --org ORG.json --team T --session ID --listen 0.0.0.0:8080
 *        --audit /state/audit.jsonl [--approvals DIR]   &lt; handoff
 * </pre>
 * The credentials arrive once on standard input ({@link BrokerLaunch#handoff}); the org document holds no secret.
 * Exit status 3 for a bad configuration or handoff, 0 when stopped.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        BrokerServer server;
        try {
            server = start(args, System.in, System.err);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("scc-broker: " + e.getMessage());
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
    }

    /** Parses the arguments, reads the handoff and starts the server. */
    public static BrokerServer start(String[] args, InputStream stdin, PrintStream err) throws java.io.IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --org FILE --team T --session ID --listen HOST:PORT"
                        + " --audit FILE [--approvals DIR]; bad argument " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : new String[] {"org", "session", "listen", "audit"}) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        Path orgFile = Path.of(a.get("org"));
        JsonNode org = new DocumentReader().read(orgFile);
        new SchemaValidator().requireValid(DocumentKind.ORG, orgFile.toString(), org);
        BrokerConfig config = BrokerConfig.fromOrg(orgFile.toString(), org, Optional.ofNullable(a.get("team")),
                System.getenv());
        CredentialVault vault = BrokerLaunch.readHandoff(stdin);
        String listen = a.get("listen");
        int colon = listen.lastIndexOf(':');
        InetSocketAddress bind = new InetSocketAddress(listen.substring(0, colon),
                Integer.parseInt(listen.substring(colon + 1)));
        Path auditFile = Path.of(a.get("audit"));
        AuditLog audit = new AuditLog(auditFile, Clock.systemUTC(), vault.redactor());
        ApprovalGate approvals = ApprovalGate.NONE;
        if (a.containsKey("approvals")) {
            Path dir = Path.of(a.get("approvals"));
            approvals = new FileApprovalGate(dir.resolve("requests"), dir.resolve("answers"),
                    FileApprovalGate.readKey(dir.resolve("key")), Clock.systemUTC(), Duration.ofMinutes(10));
        }
        TokenMeter meter = new TokenMeter(config.sessionBudget(), config.teamBudget(),
                new TeamUsage(auditFile, config.team(), Clock.systemUTC()));
        BrokerServer server = new BrokerServer(config, vault, UpstreamTls.context(config.caBundle()), meter, audit,
                approvals, a.get("session"), bind, err::println).start();
        err.println("scc-broker: listening on " + server.address() + " for " + config.destinations().size()
                + " destination(s)");
        return server;
    }
}
