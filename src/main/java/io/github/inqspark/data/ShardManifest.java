package io.github.inqspark.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * manifest.json of a shard directory, written by data-prep after every shard is complete: the class
 * order (sorted synsets: a model's output j is classes[j]), the preprocessing, and per split its
 * shards, counts per class, the files skipped with the reason, and the files converted.
 */
public record ShardManifest(String format, int version, List<String> classes, int shortSide,
                            Map<String, Split> splits) {

    public static final String FILE = "manifest.json";
    public static final String FORMAT = "inq-image-shards";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public record Split(long records, List<Shard> shards, Map<String, Long> perClass, Map<String, Long> converted,
                        List<Skipped> skipped) {
    }

    public record Shard(String name, int records) implements java.io.Serializable {
    }

    public record Skipped(String file, String reason) implements java.io.Serializable {
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks a manifest; {@code source} names it in errors. */
    public static ShardManifest parse(byte[] json, String source) throws IOException {
        ShardManifest m;
        try {
            m = JSON.readValue(json, ShardManifest.class);
        } catch (IOException e) {
            throw new IOException(source + ": not a shard manifest: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
            throw new IOException(source + ": format " + m.format() + " version " + m.version() + ", expected "
                    + FORMAT + " version " + VERSION);
        }
        if (m.classes() == null || m.classes().isEmpty() || m.splits() == null) {
            throw new IOException(source + ": no classes or no splits");
        }
        for (var e : m.splits().entrySet()) {
            Split s = e.getValue();
            long sum = s.shards() == null ? -1 : s.shards().stream().mapToLong(Shard::records).sum();
            if (sum != s.records()) {
                throw new IOException(source + ": split '" + e.getKey() + "' says " + s.records()
                        + " records but its shards hold " + sum);
            }
        }
        return m;
    }

    public Split split(String name, String source) throws IOException {
        Split s = splits.get(name);
        if (s == null || s.records() == 0) {
            throw new IOException(source + " has no '" + name + "' records (splits: " + splits.keySet() + ")");
        }
        return s;
    }
}
