package io.github.inqspark.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches read from one split of a shard directory, by positional reads of single records, so
 * any executor can build any batch. Training batches draw records in a fresh permutation every
 * epoch with a random crop and flip per image; evaluation batches take records in order, center
 * cropped. Every image's randomness is seeded by (seed, epoch, record), so a batch is the same
 * wherever it is built. Serializable: only the directory, shard list and settings travel.
 */
public final class ShardBatches implements BatchSource {

    private final String dir;
    private final List<ShardManifest.Shard> shards;
    private final long[] firstRecord;
    private final int total;
    private final int batchSize;
    private final int classes;
    private final ImageTransform transform;
    private final boolean train;
    private final long seed;

    private transient Map<String, ShardFormat.Index> indexes;
    private transient int permEpoch = -1;
    private transient int[] perm;

    private ShardBatches(String dir, List<ShardManifest.Shard> shards, int batchSize, int classes,
                         ImageTransform transform, boolean train, long seed) {
        this.dir = dir;
        this.shards = List.copyOf(shards);
        this.firstRecord = new long[shards.size() + 1];
        for (int s = 0; s < shards.size(); s++) {
            firstRecord[s + 1] = firstRecord[s] + shards.get(s).records();
        }
        this.total = Math.toIntExact(firstRecord[shards.size()]);
        this.batchSize = batchSize;
        this.classes = classes;
        this.transform = transform;
        this.train = train;
        this.seed = seed;
    }

    /** The manifest of the shard directory {@code dir}. */
    public static ShardManifest manifest(String dir, Configuration conf) throws IOException {
        Path p = new Path(dir, ShardManifest.FILE);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            throw new IOException(p + " does not exist: not a shard directory written by 'inq prep', or prep"
                    + " has not finished");
        }
        try (FSDataInputStream in = fs.open(p)) {
            return ShardManifest.parse(in.readAllBytes(), p.toString());
        }
    }

    /**
     * The training split ({@code train} true: permuted, augmented, last partial batch dropped) or the
     * validation split (in order, center crop, every record) of a shard directory.
     */
    public static ShardBatches open(String dir, boolean train, int batchSize, ImageTransform transform, long seed,
                                    int limit, Configuration conf) throws IOException {
        ShardManifest m = manifest(dir, conf);
        ShardManifest.Split split = m.split(train ? "train" : "val", new Path(dir, ShardManifest.FILE).toString());
        List<ShardManifest.Shard> shards = split.shards();
        if (limit > 0) { // the first shards holding at least `limit` records, for quick runs
            long n = 0;
            int s = 0;
            while (s < shards.size() && n < limit) {
                n += shards.get(s++).records();
            }
            shards = shards.subList(0, s);
        }
        if (transform.crop() > m.shortSide()) {
            throw new IllegalArgumentException("crop " + transform.crop() + " is larger than the shards' short side "
                    + m.shortSide() + " (" + dir + ")");
        }
        ShardBatches b = new ShardBatches(dir, shards, batchSize, m.classes().size(), transform, train, seed);
        b.checkShards(conf);
        return b;
    }

    /** Every shard exists, ends intact and holds the records the manifest says: found now, not mid-epoch. */
    private void checkShards(Configuration conf) throws IOException {
        for (int s = 0; s < shards.size(); s++) {
            index(s, conf);
        }
    }

    public int records() {
        return total;
    }

    public int classes() {
        return classes;
    }

    @Override
    public int batches() {
        return train ? Math.max(1, total / batchSize) : (total + batchSize - 1) / batchSize;
    }

    @Override
    public int examplesIn(int index) {
        return Math.min(batchSize, total - index * batchSize);
    }

    @Override
    public boolean readOnExecutors() {
        return true;
    }

    @Override
    public synchronized DataSet batch(int epoch, int index) {
        if (index < 0 || index >= batches()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + batches());
        }
        int from = index * batchSize;
        int n = Math.min(batchSize, total - from);
        int plane = 3 * transform.crop() * transform.crop();
        float[] features = new float[n * plane];
        float[] labels = new float[n * classes];
        int[] order = train ? permutation(epoch) : null;
        try {
            Configuration conf = new Configuration();
            for (int i = 0; i < n; i++) {
                int id = order != null ? order[from + i] : from + i;
                ShardFormat.Record r = read(id, conf);
                if (r.label() < 0 || r.label() >= classes) {
                    throw new IOException(dir + ": record " + id + " has label " + r.label() + " outside 0.."
                            + (classes - 1));
                }
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.jpeg()));
                if (img == null) {
                    throw new IOException(dir + ": record " + id + " is not a decodable JPEG");
                }
                transform.write(img, train ? new Random(mix(seed, epoch, id)) : null, features, i);
                labels[i * classes + r.label()] = 1f;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DataSet(Nd4j.create(features, transform.shape(n)), Nd4j.create(labels, new long[] {n, classes}));
    }

    private ShardFormat.Record read(int id, Configuration conf) throws IOException {
        int s = Arrays.binarySearch(firstRecord, id);
        s = s >= 0 ? s : -s - 2;
        while (shards.get(s).records() == 0) { // an empty shard shares its first id with the next one
            s++;
        }
        ShardFormat.Index index = index(s, conf);
        Path p = new Path(dir, shards.get(s).name());
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            return ShardFormat.readRecord(ShardFormat.reader(in), index, Math.toIntExact(id - firstRecord[s]), p.toString());
        }
    }

    /** Shard s's index, read and checked against the manifest once per deserialized copy. */
    private ShardFormat.Index index(int s, Configuration conf) throws IOException {
        String name = shards.get(s).name();
        if (indexes == null) {
            indexes = new HashMap<>();
        }
        ShardFormat.Index index = indexes.get(name);
        if (index == null) {
            Path p = new Path(dir, name);
            index = ShardFormat.readIndex(p.getFileSystem(conf), p);
            if (index.records() != shards.get(s).records()) {
                throw new IOException(p + " holds " + index.records() + " records, the manifest says "
                        + shards.get(s).records());
            }
            indexes.put(name, index);
        }
        return index;
    }

    private int[] permutation(int epoch) {
        if (permEpoch != epoch) {
            int[] p = new int[total];
            for (int i = 0; i < total; i++) {
                p[i] = i;
            }
            SplittableRandom r = new SplittableRandom(mix(seed, epoch, -1));
            for (int i = total - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            perm = p;
            permEpoch = epoch;
        }
        return perm;
    }

    private static long mix(long seed, int epoch, int id) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + id).nextLong();
    }
}
