package io.github.inqspark.pipeline;

import io.github.inqspark.data.ImageTree;
import io.github.inqspark.data.ShardBatches;
import io.github.inqspark.data.ShardFormat;
import io.github.inqspark.data.ShardManifest;
import io.github.inqspark.data.ShardPrep;
import io.github.inqspark.store.HadoopFiles;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The data-prep job: an ImageNet-style tree (training folders per synset, a flat validation folder
 * and its ground truth) becomes shards of resized JPEG records plus manifest.json, on any Hadoop
 * file system. On Spark each task prepares whole shards; without Spark the driver does. Each shard
 * is published by an atomic rename, so a reader never sees a partial one, and a re-run skips the
 * shards already there (after checking they were made from the same input files). The manifest is
 * written last: its presence means the directory is complete.
 */
public final class PrepJob {

    /** Where the images are, where the shards go, and how images are prepared. */
    public record Settings(String trainRoot, String valDir, String valLabels, String out, int shortSide,
                           int imagesPerShard, float jpegQuality) implements Serializable {
        public Settings {
            if (shortSide < 8) {
                throw new IllegalArgumentException("short side must be >= 8 pixels, found " + shortSide);
            }
            if (imagesPerShard < 1) {
                throw new IllegalArgumentException("images per shard must be >= 1, found " + imagesPerShard);
            }
            if (!(jpegQuality > 0 && jpegQuality <= 1)) {
                throw new IllegalArgumentException("JPEG quality must be in (0, 1], found " + jpegQuality);
            }
            if ((valDir == null) != (valLabels == null)) {
                throw new IllegalArgumentException("a validation folder needs its ground-truth file, and back");
            }
        }
    }

    /** One task's work: the items of one shard of one split. */
    record Unit(String split, int index, List<ImageTree.Item> items) implements Serializable {
        String name() {
            return String.format(Locale.ROOT, "%s-%05d.shard", split, index);
        }
    }

    private final Settings settings;
    private final Configuration conf;
    private final Consumer<String> out;

    public PrepJob(Settings settings, Configuration conf, Consumer<String> out) {
        this.settings = settings;
        this.conf = conf;
        this.out = out;
    }

    /** Runs the job (on {@code sc}, or in this JVM when it is null) and returns the manifest. */
    public ShardManifest run(JavaSparkContext sc) throws Exception {
        List<String> synsets = ImageTree.synsets(settings.trainRoot(), conf);
        List<ImageTree.Item> train = ImageTree.trainItems(settings.trainRoot(), synsets, conf);
        List<ImageTree.Item> val = settings.valDir() == null ? List.of()
                : ImageTree.valItems(settings.valDir(), settings.valLabels(), synsets, conf);
        List<Unit> units = new ArrayList<>();
        addUnits(units, "train", train);
        addUnits(units, "val", val);
        out.accept(String.format(Locale.ROOT, "prep: %d classes, %,d training and %,d validation files -> %d shards in %s",
                synsets.size(), train.size(), val.size(), units.size(), settings.out()));
        Path manifestPath = new Path(settings.out(), ShardManifest.FILE);
        FileSystem fs = manifestPath.getFileSystem(conf);
        fs.mkdirs(manifestPath.getParent());

        long t0 = System.nanoTime();
        List<ShardPrep.Stats> stats = sc != null ? onSpark(sc, units, train.size() + val.size(), t0)
                : inThisJvm(units, train.size() + val.size(), t0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ShardManifest m = manifest(synsets, units, stats);
        if (fs.exists(manifestPath)) {
            if (!ShardBatches.manifest(settings.out(), conf).equals(m)) {
                throw new IOException(manifestPath + " exists and describes other shards than these inputs make:"
                        + " use a new output folder");
            }
            out.accept("prep: " + settings.out() + " was already complete");
        } else {
            HadoopFiles.writeNew(manifestPath.toString(), m.toJson(), conf);
        }
        report(m, stats, seconds);
        return m;
    }

    private void addUnits(List<Unit> units, String split, List<ImageTree.Item> items) {
        for (int s = 0, i = 0; s < items.size(); s += settings.imagesPerShard(), i++) {
            units.add(new Unit(split, i, List.copyOf(items.subList(s, Math.min(items.size(), s + settings.imagesPerShard())))));
        }
    }

    private List<ShardPrep.Stats> inThisJvm(List<Unit> units, long files, long t0) throws IOException {
        List<ShardPrep.Stats> stats = new ArrayList<>();
        long done = 0;
        for (Unit u : units) {
            stats.add(shard(u, settings, conf));
            done += u.items().size();
            progress(done, files, t0);
        }
        return stats;
    }

    private List<ShardPrep.Stats> onSpark(JavaSparkContext sc, List<Unit> units, long files, long t0) throws Exception {
        LongAccumulator done = sc.sc().longAccumulator("images prepared");
        Settings s = settings;
        sc.setJobGroup("inq prep", "data-prep: " + units.size() + " shards", false);
        try {
            JavaFutureAction<List<ShardPrep.Stats>> job = sc.parallelize(units, Math.max(1, units.size()))
                    .map(u -> {
                        ShardPrep.Stats st = shard(u, s, new Configuration());
                        done.add(u.items().size());
                        return st;
                    }).collectAsync();
            while (!job.isDone()) {
                Thread.sleep(5_000);
                progress(done.value(), files, t0);
            }
            return job.get();
        } finally {
            sc.clearJobGroup();
        }
    }

    private void progress(long done, long files, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        double rate = s > 0 ? done / s : 0;
        out.accept(String.format(Locale.ROOT, "prep: %,d/%,d images  %.1f images/s  ETA %s", done, files, rate,
                rate > 0 ? Math.round((files - done) / rate) + " s" : "?"));
    }

    /** Prepares and publishes one shard, or reads the stats of the one already published. */
    static ShardPrep.Stats shard(Unit u, Settings s, Configuration conf) throws IOException {
        Path p = new Path(s.out(), u.name());
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            ShardPrep.Result r = ShardPrep.prepare(u.items(), s.shortSide(), s.jpegQuality(), conf);
            try {
                HadoopFiles.writeNew(p.toString(), r.shard(), conf);
                return r.stats();
            } catch (IOException raced) {
                if (!fs.exists(p)) { // not another attempt of the same task finishing first: a real failure
                    throw raced;
                }
            }
        }
        ShardPrep.Stats st = ShardPrep.statsOf(ShardFormat.readIndex(fs, p), p.toString());
        if (!ShardPrep.fingerprint(u.items()).equals(st.inputs())) {
            throw new IOException(p + " was made from other input files than this run lists for it:"
                    + " use a new output folder");
        }
        return st;
    }

    private ShardManifest manifest(List<String> synsets, List<Unit> units, List<ShardPrep.Stats> stats) {
        Map<String, ShardManifest.Split> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "val")) {
            List<ShardManifest.Shard> shards = new ArrayList<>();
            Map<String, Long> perClass = new TreeMap<>();
            Map<String, Long> converted = new TreeMap<>();
            List<ShardManifest.Skipped> skipped = new ArrayList<>();
            long records = 0;
            for (int i = 0; i < units.size(); i++) {
                if (!units.get(i).split().equals(split)) {
                    continue;
                }
                ShardPrep.Stats st = stats.get(i);
                shards.add(new ShardManifest.Shard(units.get(i).name(), st.records()));
                records += st.records();
                st.perClass().forEach((c, n) -> perClass.merge(synsets.get(c), n, Long::sum));
                st.converted().forEach((k, n) -> converted.merge(k, n, Long::sum));
                skipped.addAll(st.skipped());
            }
            if (!shards.isEmpty()) {
                splits.put(split, new ShardManifest.Split(records, shards, perClass, converted, skipped));
            }
        }
        return new ShardManifest(ShardManifest.FORMAT, ShardManifest.VERSION, synsets, settings.shortSide(), splits);
    }

    private void report(ShardManifest m, List<ShardPrep.Stats> stats, double seconds) {
        long in = stats.stream().mapToLong(ShardPrep.Stats::inputBytes).sum();
        long outBytes = stats.stream().mapToLong(ShardPrep.Stats::outputBytes).sum();
        for (var e : m.splits().entrySet()) {
            ShardManifest.Split s = e.getValue();
            out.accept(String.format(Locale.ROOT, "prep: %s: %,d images in %d shards, %d skipped, converted %s",
                    e.getKey(), s.records(), s.shards().size(), s.skipped().size(), s.converted()));
            for (ShardManifest.Skipped k : s.skipped()) {
                out.accept("  skipped " + k.file() + ": " + k.reason());
            }
        }
        out.accept(String.format(Locale.ROOT, "prep: %.1f s, %,d input bytes -> %,d shard bytes", seconds, in, outBytes));
    }
}
