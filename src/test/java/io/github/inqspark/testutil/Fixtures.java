package io.github.inqspark.testutil;

import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.core.StageQuantizer;
import io.github.inqspark.model.Architectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.pipeline.QuantizeSpec;
import io.github.inqspark.train.LocalTrainer;
import io.github.inqspark.train.TrainSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.dataset.DataSet;

/** A briefly pre-trained LeNet on real MNIST and a short run of it, shared by the tests; and directory hashes. */
public final class Fixtures {

    private static byte[] lenet;

    private Fixtures() {
    }

    /** A LeNet-5-style network trained for one pass over 4,000 MNIST examples, as a DL4J zip. */
    public static synchronized byte[] pretrainedLenet() {
        if (lenet == null) {
            Net net = Net.of(Architectures.lenet(28, 28, 1, 10, 11));
            List<DataSet> batches = TestData.mnistTrain().slice(0, 4000).batches(50);
            for (DataSet b : batches) {
                net.fit(b);
            }
            try {
                lenet = net.write();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lenet.clone();
    }

    public static Path writePretrained(Path dir) throws IOException {
        Path p = dir.resolve("lenet-fp32.zip");
        Files.write(p, pretrainedLenet());
        return p;
    }

    /** SHA-256 of every file under {@code dir}, by relative path: equal maps mean nothing changed. */
    public static TreeMap<String, String> hashTree(Path dir) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try {
                    out.put(dir.relativize(f).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** Every quantizable tensor of {@code net} quantized at once to b bits (the all-at-once schedule). */
    public static ModelQuantState quantizeAll(Net net, int bits) {
        NetworkTensors nt = net.tensors();
        List<float[]> w = nt.readAll();
        ModelQuantState s = ModelQuantState.initial(new InqSettings(bits, Schedule.named("all-at-once"), "pruning", 1),
                nt.names(), nt.shapes(), w);
        StageQuantizer.applyNextStage(s, w);
        nt.writeAll(w);
        return s;
    }

    /** A file whose trailing CRC32C is made right again: damage only the checks behind it can catch. */
    public static byte[] withValidCrc(byte[] f) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(f, 0, f.length - 4);
        java.nio.ByteBuffer.wrap(f, f.length - 4, 4).putInt((int) c.getValue());
        return f;
    }

    /**
     * A short real 5-bit run (VGG-16 schedule, 4 stages, one JVM) of the pretrained LeNet on the
     * first {@code trainExamples} MNIST training images, evaluated on 500 test images.
     */
    public static QuantizeJob.Result shortRun(Path model, Path run, int trainExamples) throws Exception {
        QuantizeSpec spec = new QuantizeSpec(model.toUri().toString(), run.toUri().toString(),
                new InqSettings(5, Schedule.named("vgg16"), "pruning", 1), new TrainSettings(1, 32, 0.005, 0.5, 1), 0);
        return new QuantizeJob(spec, new Configuration(), new LocalTrainer(),
                TestData.mnistTrain().slice(0, trainExamples).batches(32), TestData.mnistTest().slice(0, 500).batches(500),
                new ArrayList<String>()::add, false).run();
    }
}
