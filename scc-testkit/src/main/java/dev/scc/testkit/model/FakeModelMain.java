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
        javax.net.ssl.SSLContext tls = null;
        if (args.length == 5) {
            // TLS with the given key and certificate (a test CA's), as a real model API is reached by the broker.
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(Path.of(args[3]))) {
                ks.load(in, args[4].toCharArray());
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, args[4].toCharArray());
            tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
        }
        api.start(new InetSocketAddress(port), tls);
        System.out.println(READY + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
