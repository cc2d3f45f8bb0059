package io.github.inqspark.bench;

import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.export.PackedModel;
import io.github.inqspark.model.ImageNetArchitectures;
import io.github.inqspark.model.Net;
import io.github.inqspark.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Export and import of an ImageNet-sized model: the named architecture (weights from DL4J's
 * initialiser), every quantizable tensor quantized at once to b bits, written fixed-width and
 * entropy-coded, read back, parameters compared bit for bit. Prints sizes, times and peak memory.
 * Args: arch (default vgg16), bits (default 5). Run by jobs/bench-export.sh; not in the test suite.
 */
public final class ExportRoundTripBenchmark {

    public static void main(String[] args) throws Exception {
        String arch = args.length > 0 ? args[0] : "vgg16";
        int bits = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Net net = ImageNetArchitectures.named(arch, 1000, 1);
        ModelQuantState state = Fixtures.quantizeAll(net, bits);
        float[] expected = net.params().data().asFloat();
        System.out.printf(Locale.ROOT, "%s: %,d parameters (%,d bytes as float32), %d quantized tensors at %d bits%n",
                arch, net.numParams(), 4L * net.numParams(), state.tensors().size(), bits);
        for (boolean entropy : new boolean[] {false, true}) {
            long t0 = System.nanoTime();
            byte[] file = PackedModel.write(net, state, entropy);
            double write = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            Net back = PackedModel.read(file, arch + ".inqx");
            double read = (System.nanoTime() - t0) / 1e9;
            boolean exact = Arrays.equals(expected, back.params().data().asFloat());
            System.out.printf(Locale.ROOT, "%-13s %,13d bytes (%.1fx smaller), write %.1f s, read %.1f s, parameters bit-identical: %s%n",
                    entropy ? "entropy-coded" : "fixed-width", file.length, 4.0 * net.numParams() / file.length, write, read, exact);
            if (!exact) {
                throw new IllegalStateException("round trip changed the parameters");
            }
            if (!entropy) {
                long rest = file.length - 4L * (net.numParams() - state.totalWeights()) - net.configurationJson().length();
                double ideal = state.totalWeights() * bits / 8.0;
                System.out.printf(Locale.ROOT, "  quantizable part %,d bytes against b/32 of its float32 size %,.0f: %+.3f%%%n",
                        rest, ideal, 100 * (rest - ideal) / ideal);
            }
        }
        System.out.println("peak resident memory: " + Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?"));
    }
}
