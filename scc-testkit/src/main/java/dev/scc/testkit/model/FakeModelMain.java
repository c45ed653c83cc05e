package dev.scc.testkit.model;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a fake model API as its own process, for a container on a test network:
 * {@code java -cp … dev.scc.testkit.model.FakeModelMain anthropic|openai|gemini PORT DATA_DIR [TLS_PKCS12 PASSWORD]} (with
 * the key store: HTTPS with its certificate; each request's credential headers are recorded in
 * {@link FakeModelApi#CREDENTIALS_FILE}). The script is
 * {@code DATA_DIR/script.txt} (the text form of {@link ModelScript}); requests are recorded in
 * {@code DATA_DIR/requests.jsonl}; {@code await} markers are looked for in {@code DATA_DIR}. It prints
 * {@code fake model listening on PORT} once it accepts connections and runs until it is killed.
 */
public final class FakeModelMain {
    /** The line printed once the server accepts connections. */
    public static final String READY = "fake model listening on ";
    /** The script's file name in the data directory. */
    public static final String SCRIPT = "script.txt";

    private FakeModelMain() {}

    public static void main(String[] args) throws Exception {
        if ((args.length != 3 && args.length != 5)
                || !(args[0].equals("anthropic") || args[0].equals("openai") || args[0].equals("gemini"))) {
            System.err.println("usage: FakeModelMain anthropic|openai|gemini PORT DATA_DIR [TLS_PKCS12 PASSWORD]");
            System.exit(2);
        }
        Path data = Path.of(args[2]);
        if (!Files.isRegularFile(data.resolve(SCRIPT))) {
            System.err.println("FakeModelMain: no " + SCRIPT + " in " + data);
            System.exit(2);
        }
        ModelScript script = ModelScript.read(data.resolve(SCRIPT));
        int port = Integer.parseInt(args[1]);
        FakeModelApi api = switch (args[0]) {
            case "anthropic" -> new FakeAnthropicApi(script, data);
            case "gemini" -> new FakeGeminiApi(script, data);
            default -> new FakeOpenAiResponsesApi(script, data);
        };
        javax.net.ssl.SSLContext tls = args.length == 5 ? serverTls(Path.of(args[3]), args[4]) : null;
        api.start(new InetSocketAddress(port), tls);
        System.out.println(READY + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** A server TLS context with the key and certificate of a PKCS12 key store (a test CA's), as a real API has. */
    public static javax.net.ssl.SSLContext serverTls(Path pkcs12, String password) throws java.io.IOException,
            java.security.GeneralSecurityException {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pkcs12)) {
            ks.load(in, password.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }
}
