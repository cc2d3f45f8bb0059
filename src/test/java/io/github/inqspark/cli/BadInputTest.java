package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.data.ShardFormat;
import io.github.inqspark.data.ShardManifest;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.pipeline.QuantizeSpec;
import io.github.inqspark.testutil.Fixtures;
import io.github.inqspark.testutil.TestData;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.TrainSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input the tool reads, malformed in the ways users and crashes produce, through the command
 * line: each is refused with a non-zero exit and a message naming the input and the problem, and
 * the existing run directory (a finished run) hashes the same before and after every attempt. The
 * table of variants is written to target/bad-input.md (docs/bad-input.md is a copy).
 */
class BadInputTest {

    @TempDir
    static Path tmp;
    static Path run;
    static Path model;
    static Path export;
    static String mnist;
    static final List<String> TABLE = new ArrayList<>();

    @BeforeAll
    static void finishedRun() throws Exception {
        model = Fixtures.writePretrained(tmp);
        run = tmp.resolve("run");
        new QuantizeJob(new QuantizeSpec(model.toUri().toString(), run.toUri().toString(),
                new InqSettings(5, Schedule.named("all-at-once"), "pruning", 1), new TrainSettings(0, 32, 0.01, 1, 1), 0),
                new Configuration(), new LocalTrainer(), TestData.mnistTrain().slice(0, 64).batches(32),
                TestData.mnistTest().slice(0, 100).batches(100), new ArrayList<String>()::add, false).run();
        export = tmp.resolve("m.inqx");
        assertEquals(0, VerifyExportCommandTest.cli("export", "--run-dir", run.toString(), "--out", export.toString()).code());
        mnist = TestData.mnistDir();
    }

    @AfterAll
    static void writeTable() throws IOException {
        List<String> lines = new ArrayList<>(List.of("| input | variant | exit | message (abridged) |", "|---|---|---|---|"));
        lines.addAll(TABLE);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/bad-input.md"), lines);
        assertTrue(TABLE.size() >= 40, "only " + TABLE.size() + " variants ran");
    }

    /** Runs the command, checks exit code and message, and that the finished run did not change. */
    static void refused(String input, String variant, int exit, String part, String... args) throws IOException {
        Map<String, String> before = Fixtures.hashTree(run);
        VerifyExportCommandTest.Result r = VerifyExportCommandTest.cli(args);
        Map<String, String> after = Fixtures.hashTree(run);
        assertEquals(before, after, input + " / " + variant + ": the existing run directory changed");
        assertEquals(exit, r.code(), input + " / " + variant + ": " + r.err() + r.out());
        assertTrue(r.err().contains(part), input + " / " + variant + ": '" + r.err() + "' lacks '" + part + "'");
        String msg = r.err().strip().replace("|", "\\|").replace(tmp.toString(), "…").replace(tmp.toUri().toString(), "…/");
        TABLE.add("| " + input + " | " + variant + " | " + exit + " | " + (msg.length() > 160 ? msg.substring(0, 157) + "..." : msg)
                .replace("\n", " ") + " |");
    }

    static Path file(String name, byte[] bytes) throws IOException {
        Path p = tmp.resolve("inputs").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    static Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A config for a fresh run directory (or the finished one) on MNIST, single-JVM, small. */
    static Path conf(String name, String runDir, String extra) throws IOException {
        return file(name, "inq { model = \"" + model.toUri() + "\", run-dir = \"" + runDir + "\"\n"
                + "data { dir = \"" + mnist + "\", train-examples = 256, eval-examples = 200 }\n"
                + "spark.enabled = false, train.epochs-per-stage = 1 }\n" + extra);
    }

    static String fresh(String name) {
        return tmp.resolve("fresh-" + name).toUri().toString();
    }

    static String[] quantize(Path conf, String... sets) {
        List<String> a = new ArrayList<>(List.of("quantize", "--conf", conf.toString()));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        return a.toArray(String[]::new);
    }

    @Test
    void configFilesAndOverrides() throws Exception {
        Path good = conf("good.conf", run.toUri().toString(), "");
        refused("config file", "does not exist", 2, "does not exist", "quantize", "--conf", tmp.resolve("none.conf").toString());
        refused("config file", "empty", 2, "inq.model", "quantize", "--conf", file("empty.conf", "").toString());
        refused("config file", "HOCON syntax error", 2, "syntax.conf", "quantize", "--conf", file("syntax.conf", "inq { bits = [ }").toString());
        refused("config file", "unknown key", 2, "unknown key 'inq.quantization.bitz'", quantize(conf("k.conf", fresh("k"), "inq.quantization.bitz = 4")));
        refused("config override", "wrong type", 2, "bits", quantize(good, "inq.quantization.bits=five"));
        refused("config override", "bit-width out of range", 2, "inq.quantization", quantize(good, "inq.quantization.bits=9"));
        refused("config override", "schedule not increasing", 2, "strictly increase", quantize(good, "inq.quantization.portions=[0.5, 0.4, 1]"));
        refused("config override", "schedule not ending at 1", 2, "last portion must be 1", quantize(good, "inq.quantization.portions=[0.5, 0.9]"));
        refused("config override", "unknown schedule name", 2, "vgg19", quantize(good, "inq.quantization.schedule=vgg19"));
        refused("config override", "unknown strategy", 2, "largest", quantize(good, "inq.quantization.strategy=largest"));
        refused("config override", "unknown n1 rule", 2, "median", quantize(good, "inq.quantization.n1-rule=median"));
        refused("config override", "batch size 0", 2, "batchSize", quantize(good, "inq.train.batch-size=0"));
        refused("config override", "unknown data format", 2, "inq.data.format", quantize(good, "inq.data.format=cifar"));
        refused("config override", "unknown normalisation", 2, "imagenet-mean", quantize(good, "inq.data.normalization=imagenet-mean"));
        refused("config override", "momentum without weight decay", 2, "set together", quantize(good, "inq.train.momentum=0.9"));
        refused("config override", "momentum 1", 2, "momentum", quantize(good, "inq.train.momentum=1", "inq.train.weight-decay=0"));
        refused("config override", "unknown architecture", 2, "inq.architecture", quantize(good, "inq.architecture=vgg11"));
        refused("config override", "not key=value", 2, "key=value", quantize(good, "inq.train.seed"));
    }

    @Test
    void modelFiles() throws Exception {
        String r = fresh("m");
        Path c = conf("m.conf", r, "");
        refused("model file", "does not exist", 2, "inq.model", quantize(c, "inq.model=" + tmp.resolve("no.zip").toUri()));
        refused("model file", "empty", 1, "empty file", quantize(c, "inq.model=" + file("empty.zip", new byte[0]).toUri()));
        byte[] zip = Files.readAllBytes(model);
        refused("model file", "truncated zip", 1, "truncated.zip", quantize(c, "inq.model="
                + file("truncated.zip", Arrays.copyOf(zip, zip.length / 2)).toUri()));
        refused("model file", "random bytes", 1, "random.zip", quantize(c, "inq.model=" + file("random.zip", "PK\u0003\u0004garbage").toUri()));
        byte[] h5 = new byte[64];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, h5, 0, 8);
        refused("model file", "HDF5 magic, not a Keras model", 1, "not a Keras model", quantize(c, "inq.model=" + file("fake.h5", h5).toUri()));
        Net nan = Net.read(zip, "m");
        nan.params().putScalar(5, Float.NaN);
        refused("model file", "NaN bias", 2, "conv1/b[5] = NaN", quantize(c, "inq.model=" + file("nan.zip", nan.write()).toUri()));
        Net inf = Net.read(zip, "m");
        inf.params().putScalar(30, Float.POSITIVE_INFINITY);
        refused("model file", "infinite weight", 2, "= Infinity", quantize(c, "inq.model=" + file("inf.zip", inf.write()).toUri()));
        refused("model file", "wrong architecture for inq.architecture", 2, "not a resnet18", quantize(c, "inq.architecture=resnet18"));
        Path five = file("five-classes.zip", Net.of(Architectures.lenet(28, 28, 1, 5, 1)).write());
        refused("model file", "5 outputs, data has 10 classes", 2, "has 5 outputs but the data has 10 classes", quantize(c, "inq.model=" + five.toUri()));
        Path rgb = file("rgb.zip", Net.of(Architectures.lenet(32, 32, 3, 10, 1)).write());
        refused("model file", "expects 3x32x32, data is 1x28x28", 2, "cannot take the data's input", quantize(c, "inq.model=" + rgb.toUri()));
        refused("model file (inspect)", "does not exist", 1, "does not exist", "inspect", "--model", tmp.resolve("x.zip").toString());
        assertTrue(!Files.exists(Path.of(java.net.URI.create(r)).resolve("checkpoints/stage-000")), "nothing was committed");
    }

    static byte[] idx(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    @Test
    void idxData() throws Exception {
        Path c = conf("d.conf", fresh("d"), "");
        Path real = Path.of(mnist);
        refused("IDX folder", "does not exist", 1, "neither", quantize(c, "inq.data.dir=" + tmp.resolve("nodata")));
        Path badMagic = Files.createDirectories(tmp.resolve("idx-magic"));
        Files.copy(real.resolve("train-labels-idx1-ubyte"), badMagic.resolve("train-labels-idx1-ubyte"));
        Files.write(badMagic.resolve("train-images-idx3-ubyte"), idx(0x00000999, 1, 28, 28));
        refused("IDX images", "wrong magic", 1, "train-images-idx3-ubyte", quantize(c, "inq.data.dir=" + badMagic));
        Path truncated = Files.createDirectories(tmp.resolve("idx-trunc"));
        Files.copy(real.resolve("train-labels-idx1-ubyte"), truncated.resolve("train-labels-idx1-ubyte"));
        Files.write(truncated.resolve("train-images-idx3-ubyte"), Arrays.copyOf(idx(0x00000803, 60000, 28, 28), 16 + 1000));
        refused("IDX images", "truncated", 1, "train-images-idx3-ubyte", quantize(c, "inq.data.dir=" + truncated));
        Path count = Files.createDirectories(tmp.resolve("idx-count"));
        Files.copy(real.resolve("train-images-idx3-ubyte"), count.resolve("train-images-idx3-ubyte"));
        byte[] labels = Files.readAllBytes(real.resolve("train-labels-idx1-ubyte"));
        Files.write(count.resolve("train-labels-idx1-ubyte"), withCount(Arrays.copyOf(labels, 8 + 100), 100));
        refused("IDX labels", "count differs from the images", 1, "100 labels", quantize(c, "inq.data.dir=" + count));
        Path range = Files.createDirectories(tmp.resolve("idx-range"));
        Files.copy(real.resolve("train-images-idx3-ubyte"), range.resolve("train-images-idx3-ubyte"));
        byte[] outOfRange = labels.clone();
        outOfRange[8 + 3] = 12;
        Files.write(range.resolve("train-labels-idx1-ubyte"), outOfRange);
        refused("IDX labels", "label 12 of 10 classes", 1, "12", quantize(c, "inq.data.dir=" + range));
    }

    static byte[] withCount(byte[] idx1, int n) {
        ByteBuffer.wrap(idx1, 4, 4).putInt(n);
        return idx1;
    }

    @Test
    void shardsAndManifests() throws Exception {
        Path c = conf("s.conf", fresh("s"), "inq.data { format = shards, crop = 28, normalization = unit }");
        Path dir = Files.createDirectories(tmp.resolve("shards"));
        refused("shard folder", "no manifest.json", 1, "manifest.json does not exist", quantize(c, "inq.data.dir=" + dir));
        Files.writeString(dir.resolve(ShardManifest.FILE), "{ not json");
        refused("shard manifest", "not JSON", 1, "not a shard manifest", quantize(c, "inq.data.dir=" + dir));
        ShardManifest.Split split = new ShardManifest.Split(3, List.of(new ShardManifest.Shard("train-00000.shard", 3)),
                Map.of(), Map.of(), List.of());
        ShardManifest m = new ShardManifest(ShardManifest.FORMAT, 7, List.of("a", "b"), 32, Map.of("train", split, "val", split));
        Files.write(dir.resolve(ShardManifest.FILE), m.toJson());
        refused("shard manifest", "wrong version", 1, "version 7", quantize(c, "inq.data.dir=" + dir));
        ShardManifest.Split lying = new ShardManifest.Split(5, split.shards(), Map.of(), Map.of(), List.of());
        Files.write(dir.resolve(ShardManifest.FILE), new ShardManifest(ShardManifest.FORMAT, 1, List.of("a", "b"), 32,
                Map.of("train", lying, "val", lying)).toJson());
        refused("shard manifest", "counts do not add up", 1, "says 5 records but its shards hold 3", quantize(c, "inq.data.dir=" + dir));
        Files.write(dir.resolve(ShardManifest.FILE), new ShardManifest(ShardManifest.FORMAT, 1, List.of("a", "b"), 32,
                Map.of("train", split, "val", split)).toJson());
        refused("shard folder", "shard file missing", 1, "train-00000.shard", quantize(c, "inq.data.dir=" + dir));
        byte[] shard = ShardFormat.write(List.of(new ShardFormat.Record(0, new byte[] {1}), new ShardFormat.Record(1, new byte[] {2}),
                new ShardFormat.Record(0, new byte[] {3})), "{}");
        Files.write(dir.resolve("train-00000.shard"), Arrays.copyOf(shard, shard.length - 7));
        refused("shard", "truncated", 1, "truncated shard", quantize(c, "inq.data.dir=" + dir));
        Files.write(dir.resolve("train-00000.shard"), shard);
        refused("shard folder", "crop larger than the short side", 2, "larger than the shards' short side",
                quantize(c, "inq.data.dir=" + dir, "inq.data.crop=64"));
    }

    @Test
    void imageTrees() throws Exception {
        Path trees = Files.createDirectories(tmp.resolve("trees"));
        String out = trees.resolve("out").toString();
        refused("image tree", "training folder missing", 1, "does not exist", "prep", "--no-spark", "--train",
                trees.resolve("none").toString(), "--out", out);
        Path flat = Files.createDirectories(trees.resolve("flat"));
        Files.write(flat.resolve("a.JPEG"), new byte[] {1});
        refused("image tree", "no class folders", 1, "no class folders", "prep", "--no-spark", "--train", flat.toString(), "--out", out);
        Path train = Files.createDirectories(trees.resolve("train/n01"));
        Files.write(train.resolve("x.JPEG"), new byte[] {1});
        Path val = Files.createDirectories(trees.resolve("val"));
        Files.write(val.resolve("v1.JPEG"), new byte[] {1});
        Files.write(val.resolve("v2.JPEG"), new byte[] {1});
        refused("validation ground truth", "one label for two images", 1, "1 labels", "prep", "--no-spark", "--train",
                trees.resolve("train").toString(), "--val", val.toString(), "--val-labels", file("gt1.txt", "n01\n").toString(), "--out", out);
        refused("validation ground truth", "unknown synset", 1, "n99", "prep", "--no-spark", "--train",
                trees.resolve("train").toString(), "--val", val.toString(), "--val-labels", file("gt2.txt", "n01\nn99\n").toString(), "--out", out);
        refused("prep options", "validation folder without ground truth", 2, "ground-truth", "prep", "--no-spark", "--train",
                trees.resolve("train").toString(), "--val", val.toString(), "--out", out);
        refused("prep options", "short side 4", 2, "short side", "prep", "--no-spark", "--train",
                trees.resolve("train").toString(), "--short-side", "4", "--out", out);
        assertTrue(!Files.exists(Path.of(out)), "nothing was written");
    }

    @Test
    void runDirectoriesAndCheckpoints() throws Exception {
        Path good = conf("r.conf", run.toUri().toString(), "");
        refused("run directory", "started with other settings", 2, "was started with", quantize(good, "inq.quantization.bits=4"));
        refused("run directory", "no committed stage (verify)", 2, "has no committed stage", "verify", "--run-dir",
                Files.createDirectories(tmp.resolve("empty-run")).toString());
        refused("run directory", "no committed stage (report)", 2, "has no committed stage", "report", "--run-dir",
                tmp.resolve("empty-run").toString());
        Path notDir = file("a-file", "x");
        refused("run directory", "a regular file, not a folder", 1, "a-file", quantize(good, "inq.run-dir=" + notDir.toUri()));
        // a copy of the finished run with one checkpoint file damaged: refused, the copy untouched
        Path damaged = tmp.resolve("damaged-run");
        copyTree(run, damaged);
        Path zip = damaged.resolve("checkpoints/stage-001/model.zip");
        byte[] b = Files.readAllBytes(zip);
        b[b.length / 2] ^= 0x20;
        Files.write(zip, b);
        Map<String, String> before = Fixtures.hashTree(damaged);
        refused("checkpoint", "a flipped byte in model.zip", 1, "model.zip", "verify", "--run-dir", damaged.toString());
        refused("checkpoint", "a flipped byte in model.zip (quantize)", 1, "checksum", quantize(good, "inq.run-dir=" + damaged.toUri(),
                "inq.quantization.schedule=all-at-once", "inq.quantization.seed=1"));
        assertEquals(before, Fixtures.hashTree(damaged), "the damaged run was left as it was");
        Path manifestRun = tmp.resolve("manifest-run");
        copyTree(run, manifestRun);
        Files.writeString(manifestRun.resolve("checkpoints/stage-001/MANIFEST"), "garbage\n");
        refused("checkpoint", "MANIFEST not in its format", 1, "MANIFEST", "verify", "--run-dir", manifestRun.toString());
        Path incomplete = tmp.resolve("incomplete-run");
        copyTree(run, incomplete);
        deleteTree(incomplete.resolve("checkpoints/stage-001"));
        refused("export", "run not finished", 2, "finish it", "export", "--run-dir", incomplete.toString(), "--out",
                tmp.resolve("x.inqx").toString());
        refused("export", "--out exists with other contents", 2, "other contents", "export", "--run-dir", run.toString(),
                "--out", file("other.inqx", "x").toString());
    }

    @Test
    void exportFiles() throws Exception {
        byte[] good = Files.readAllBytes(export);
        refused("export file", "empty", 1, "empty file", "verify", "--model", file("e.inqx", new byte[0]).toString(), "--bits", "5");
        refused("export file", "truncated", 1, "t.inqx", "verify", "--model", file("t.inqx", Arrays.copyOf(good, good.length / 2)).toString());
        byte[] flipped = good.clone();
        flipped[good.length / 3] ^= 1;
        refused("export file", "a flipped bit", 1, "checksum mismatch", "verify", "--model", file("f.inqx", flipped).toString());
        byte[] version = good.clone();
        version[5] = 9;
        refused("export file", "wrong version", 1, "version 9", "verify", "--model", file("v.inqx", Fixtures.withValidCrc(version)).toString());
        int json = ByteBuffer.wrap(good, 7, 4).getInt();
        int name = ByteBuffer.wrap(good, 11 + json + 12, 2).getShort();
        byte[] bits = good.clone();
        bits[11 + json + 12 + 2 + name + 12] = 12;
        refused("export file", "bit-width 12", 1, "conv1/W", "verify", "--model", file("b.inqx", Fixtures.withValidCrc(bits)).toString());
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge, 7, 4).putInt(Integer.MAX_VALUE);
        refused("export file", "configuration length 2^31-1 (no allocation)", 1, "needs", "verify", "--model", file("h.inqx", Fixtures.withValidCrc(huge)).toString());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
