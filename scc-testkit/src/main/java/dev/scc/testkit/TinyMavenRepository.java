package dev.scc.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-artifact Maven repository the JVM-tool suites serve on their test internet (a parent POM and its SHA-1),
 * and the one-file projects that resolve it: enough for a real {@code mvn validate} to download something.
 */
public final class TinyMavenRepository {
    /** The parent POM's path inside the repository. */
    public static final String PARENT = "test/scc/tiny-parent/1.0/tiny-parent-1.0.pom";
    public static final String PARENT_POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>test.scc</groupId><artifactId>tiny-parent</artifactId><version>1.0</version>
              <packaging>pom</packaging>
            </project>
            """;

    private TinyMavenRepository() {}

    /** The repository's files, path (under the repository root) to content. */
    public static Map<String, byte[]> files() {
        byte[] pom = PARENT_POM.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(PARENT, pom);
        try {
            files.put(PARENT + ".sha1", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(pom))
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JDK", e);
        }
        return files;
    }

    /** A project {@code name} whose parent is the tiny POM, resolved from the repository at {@code url}. */
    public static String childPom(String name, String url) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent><groupId>test.scc</groupId><artifactId>tiny-parent</artifactId><version>1.0</version>
                    <relativePath/></parent>
                  <artifactId>%s</artifactId>
                  <repositories><repository><id>scc-%s</id><url>%s</url></repository></repositories>
                </project>
                """.formatted(name, name, url);
    }
}
