package dev.scc.broker.testing;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The test CA and server certificates in src/test/resources/tls (see the README there). */
public final class TestTls {
    private TestTls() {}

    /** The trusted test CA's PEM file (what an org passes as broker.ca_bundle). */
    public static Path testCa() {
        return resource("tls/test-ca.pem");
    }

    /** A CA nobody trusts. */
    public static Path rogueCa() {
        return resource("tls/rogue-ca.pem");
    }

    /** Server context with a localhost certificate from the test CA ({@code "test"}) or the rogue CA ({@code "rogue"}). */
    public static SSLContext server(String which) {
        try (InputStream in = TestTls.class.getResourceAsStream("/tls/" + which + "-server.p12")) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, "changeit".toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load test TLS material", e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(TestTls.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
