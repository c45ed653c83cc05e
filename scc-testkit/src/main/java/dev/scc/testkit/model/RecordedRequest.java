package dev.scc.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request a fake model API received: method, path and the JSON body (an empty object for a body that is not
 * JSON). A fake with a data directory appends each one as a line of {@value #FILE} there, so a test on the other side
 * of a container boundary reads them with {@link #readAll}.
 */
public record RecordedRequest(String method, String path, JsonNode body) {
    /** The file a fake with a data directory records requests in, one JSON object a line. */
    public static final String FILE = "requests.jsonl";
    static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
    }

    /** The body as text (for assertions such as "the tool result carried the block message"). */
    public String bodyText() {
        return body.toString();
    }

    String toLine() {
        ObjectNode o = JSON.createObjectNode();
        o.put("method", method).put("path", path).set("body", body);
        return o.toString();
    }

    /** The requests recorded in {@code dataDir} so far, oldest first (none when nothing was recorded yet). */
    public static List<RecordedRequest> readAll(Path dataDir) {
        Path f = dataDir.resolve(FILE);
        List<RecordedRequest> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                out.add(new RecordedRequest(n.path("method").asText(), n.path("path").asText(), n.path("body")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recorded requests in " + f, e);
        }
        return out;
    }
}
