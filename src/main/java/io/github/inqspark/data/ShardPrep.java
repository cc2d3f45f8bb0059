package io.github.inqspark.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * One shard's worth of data-prep: read each input file, prepare it ({@link ImagePrep}), and build
 * the shard's bytes with its counts in the meta JSON. A bad file is counted with its reason and
 * skipped; nothing about one file can stop the shard.
 */
public final class ShardPrep {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a shard holds, also stored in its meta JSON so a re-run can skip it and still count it. */
    public record Stats(String inputs, int records, Map<Integer, Long> perClass, Map<String, Long> converted,
                        List<ShardManifest.Skipped> skipped, long inputBytes, long outputBytes) implements Serializable {
    }

    public record Result(byte[] shard, Stats stats) {
    }

    private ShardPrep() {
    }

    public static Result prepare(List<ImageTree.Item> items, int shortSide, float quality, Configuration conf) {
        List<ShardFormat.Record> records = new ArrayList<>();
        Map<Integer, Long> perClass = new TreeMap<>();
        Map<String, Long> converted = new TreeMap<>();
        List<ShardManifest.Skipped> skipped = new ArrayList<>();
        long in = 0;
        long out = 0;
        for (ImageTree.Item item : items) {
            try {
                byte[] bytes = readFile(item.uri(), conf);
                in += bytes.length;
                ImagePrep.Prepared p = ImagePrep.prepare(bytes, shortSide, quality);
                records.add(new ShardFormat.Record(item.label(), p.jpeg()));
                out += p.jpeg().length;
                perClass.merge(item.label(), 1L, Long::sum);
                if (p.conversion() != ImagePrep.Conversion.NONE) {
                    converted.merge(p.conversion().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
                }
            } catch (ImagePrep.BadImageException | IOException e) {
                skipped.add(new ShardManifest.Skipped(item.uri(), e.getMessage()));
            }
        }
        Stats stats = new Stats(fingerprint(items), records.size(), perClass, converted, skipped, in, out);
        try {
            return new Result(ShardFormat.write(records, JSON.writeValueAsString(stats)), stats);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stats of a complete shard, from its meta JSON. */
    public static Stats statsOf(ShardFormat.Index index, String source) throws IOException {
        try {
            return JSON.readValue(index.metaJson(), Stats.class);
        } catch (IOException e) {
            throw new IOException(source + ": unreadable shard meta: " + e.getMessage(), e);
        }
    }

    /** SHA-256 over the input file names and labels: which inputs a shard was made from. */
    public static String fingerprint(List<ImageTree.Item> items) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (ImageTree.Item i : items) {
                d.update((i.uri() + "\t" + i.label() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readFile(String uri, Configuration conf) throws IOException {
        Path p = new Path(uri);
        try (InputStream s = p.getFileSystem(conf).open(p)) {
            return s.readAllBytes();
        }
    }
}
