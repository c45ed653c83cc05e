package dev.scc.broker.testing;

import dev.scc.broker.config.BrokerConfig;
import dev.scc.broker.credential.CredentialVault;
import dev.scc.broker.credential.Placeholders;
import dev.scc.broker.credential.Secret;
import dev.scc.broker.meter.TeamUsage;
import dev.scc.broker.meter.TokenMeter;
import dev.scc.broker.server.BrokerServer;
import dev.scc.broker.server.UpstreamTls;
import dev.scc.policy.audit.AuditLog;
import dev.scc.safety.approval.ApprovalGate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Starts a broker on loopback for a config whose credentials are given directly (tests). */
public final class BrokerFixture implements AutoCloseable {
    public final BrokerServer server;
    public final CredentialVault vault;
    public final AuditLog audit;
    public final List<String> log = new CopyOnWriteArrayList<>();

    public BrokerFixture(BrokerConfig config, Map<String, String> secrets, Path auditFile, ApprovalGate approvals)
            throws IOException {
        Map<String, CredentialVault.Entry> entries = new LinkedHashMap<>();
        Placeholders placeholders = new Placeholders();
        secrets.forEach((k, v) -> {
            Secret s = new Secret(k, v);
            entries.put(k, new CredentialVault.Entry(s, placeholders.shapedLike(s)));
        });
        vault = CredentialVault.of(entries);
        audit = new AuditLog(auditFile, Clock.systemUTC(), vault.redactor());
        TokenMeter meter = new TokenMeter(config.sessionBudget(), config.teamBudget(),
                new TeamUsage(auditFile, config.team(), Clock.systemUTC()));
        server = new BrokerServer(config, vault, UpstreamTls.context(config.caBundle()), meter, audit, approvals,
                "s-test", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {
                    log.add(line);
                    System.err.println(line);
                }).start();
    }

    public BrokerFixture(BrokerConfig config, Map<String, String> secrets, Path auditFile) throws IOException {
        this(config, secrets, auditFile, ApprovalGate.NONE);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    public String placeholder(String credential) {
        return vault.get(credential).orElseThrow().placeholder();
    }

    @Override
    public void close() {
        server.close();
    }
}
