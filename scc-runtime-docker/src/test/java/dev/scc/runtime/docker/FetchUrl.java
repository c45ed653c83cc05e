package dev.scc.runtime.docker;

import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Copied into a sandbox by {@link JvmToolsThroughProxyIT} and run there with the sandbox's JVM: prints the HTTP
 * status of a GET with no proxy configured in code (the JVM finds it in JAVA_TOOL_OPTIONS), or {@code ERROR}.
 */
public final class FetchUrl {
    private FetchUrl() {}

    public static void main(String[] args) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            System.out.println(c.getResponseCode());
        } catch (Exception e) {
            System.out.println("ERROR " + e);
        }
    }
}
