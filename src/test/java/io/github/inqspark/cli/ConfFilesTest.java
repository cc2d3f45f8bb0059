package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.inqspark.model.ImageNetArchitectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.Fixtures;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every file in conf/ loads and validates; the paper's runs carry the paper's settings
 * (inq-spec.md's table, copied here by hand) and name an architecture whose input matches the
 * configured crop, checked with a forward pass but no training.
 */
class ConfFilesTest {

    /** bits, portions, batch, weight decay: the spec's table. */
    record Paper(int bits, double[] portions, int batch, double weightDecay) {
    }

    static final Map<String, Paper> PAPER = Map.of(
            "alexnet-5bit", new Paper(5, new double[] {0.3, 0.6, 0.8, 1}, 256, 0.0005),
            "vgg16-5bit", new Paper(5, new double[] {0.5, 0.75, 0.875, 1}, 32, 0.0005),
            "googlenet-5bit", new Paper(5, new double[] {0.2, 0.4, 0.6, 0.8, 1}, 80, 0.0002),
            "resnet18-5bit", new Paper(5, new double[] {0.5, 0.75, 0.875, 1}, 80, 0.0005),
            "resnet50-5bit", new Paper(5, new double[] {0.5, 0.75, 0.875, 1}, 32, 0.0005),
            "resnet18-4bit", new Paper(4, new double[] {0.3, 0.5, 0.8, 0.9, 0.95, 1}, 80, 0.0005),
            "resnet18-3bit", new Paper(3, new double[] {0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95, 1}, 80, 0.0005),
            "resnet18-2bit", new Paper(2, new double[] {0.2, 0.4, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.975, 1}, 80, 0.0005));

    static Stream<String> confFiles() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("conf"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList().stream();
        }
    }

    static JobConfig load(String name) {
        // paths the paper's runs leave to the user
        return JobConfig.load(new File("conf", name), List.of("inq.model=m.zip", "inq.run-dir=runs/x",
                "inq.data.dir=shards"));
    }

    @ParameterizedTest
    @MethodSource("confFiles")
    void loadsAndValidates(String name) {
        JobConfig c = load(name);
        assertTrue(c.spec().inq().schedule().stages() >= 2, name);
    }

    @Test
    void everyPaperRunHasAFileWithThePapersSettings() throws Exception {
        Map<String, Net> built = new HashMap<>();
        for (var e : PAPER.entrySet()) {
            JobConfig c = load(e.getKey() + ".conf");
            Paper p = e.getValue();
            assertEquals(p.bits(), c.spec().inq().bits(), e.getKey());
            assertArrayEquals(p.portions(), c.spec().inq().schedule().portions(), e.getKey());
            assertEquals(p.batch(), c.spec().train().batchSize(), e.getKey());
            assertEquals(p.weightDecay(), c.spec().optimizer().weightDecay(), e.getKey());
            assertEquals(0.9, c.spec().optimizer().momentum(), e.getKey());
            assertEquals("shards", c.dataFormat());
            assertEquals("pruning", c.spec().inq().strategy());
            String arch = c.spec().architecture();
            assertTrue(e.getKey().startsWith(arch), e.getKey() + " names " + arch);
            Net net = built.computeIfAbsent(arch, a -> ImageNetArchitectures.named(a, 1000, 1));
            long[] shape = c.imageTransform().shape(1);
            assertEquals(1000, net.output(Nd4j.rand(shape)).length(), e.getKey() + " input " + Arrays.toString(shape));
            if (!arch.equals("vgg16")) {
                built.remove(arch); // keep at most one big network alive
            }
        }
    }

    @Test
    void aModelOfTheWrongArchitectureIsRefused(@TempDir Path tmp) throws Exception {
        Net lenet = Net.read(Fixtures.pretrainedLenet(), "lenet");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageNetArchitectures.checkShapes(lenet, "resnet18", "lenet.zip"));
        assertTrue(e.getMessage().contains("lenet.zip") && e.getMessage().contains("not a resnet18"), e.getMessage());
        ImageNetArchitectures.checkShapes(ImageNetArchitectures.named("resnet18", 10, 2), "resnet18", "fine-tuned");
    }
}
