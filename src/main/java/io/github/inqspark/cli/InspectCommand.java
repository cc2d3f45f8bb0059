package io.github.inqspark.cli;

import io.github.inqspark.core.QuantumSet;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.model.ParamInfo;
import io.github.inqspark.store.HadoopFiles;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints which parameters of a model INQ quantizes, and why not where it does not. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Table of a model's parameters: quantizable or why not.")
final class InspectCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "DL4J model zip or Keras HDF5 file, any Hadoop path")
    String model;

    @Option(names = "--bits", description = "also show, per quantizable tensor, P_l at this bit-width under each n1 rule"
            + " and the share of the pre-trained weights it rounds to zero")
    Integer bits;

    @Override
    public Integer call() throws Exception {
        Net net = Net.read(HadoopFiles.read(model, "model file", new Configuration()), model);
        int nameWidth = net.tensors().params().stream().mapToInt(i -> i.name().length()).max().orElse(9);
        int typeWidth = net.tensors().params().stream().mapToInt(i -> i.layerType().length()).max().orElse(10);
        String row = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-20s %12s  %s%n";
        System.out.printf(row, "parameter", "layer type", "shape", "count", "quantized");
        long q = 0;
        long all = 0;
        for (ParamInfo i : net.tensors().params()) {
            System.out.printf(row.replace("%12s", "%,12d"), i.name(), i.layerType(), Arrays.toString(i.shape()),
                    i.length(), i.quantizable() ? "yes" : "no: " + i.reason());
            all += i.length();
            q += i.quantizable() ? i.length() : 0;
        }
        System.out.printf("%,d of %,d parameters quantizable (%.2f%%)%n", q, all, 100.0 * q / all);
        if (bits != null) {
            printN1Rules(net.tensors(), nameWidth);
        }
        return 0;
    }

    /** What each n1 rule makes of the pre-trained weights at --bits: n1, zeros, squared error. */
    private void printN1Rules(NetworkTensors nt, int nameWidth) {
        System.out.printf("%n%d-bit quantization of the pre-trained weights by n1 rule (quantized all at once):%n", bits);
        String row = "%-" + nameWidth + "s  %-10s %5s %8s %14s%n";
        System.out.printf(row, "tensor", "n1 rule", "n1", "zeros", "squared error");
        for (String name : nt.names()) {
            float[] w = nt.read(nt.tensor(name));
            for (String rule : List.of(QuantumSet.N1_PAPER, QuantumSet.N1_MIN_ERROR)) {
                QuantumSet set = QuantumSet.fromPretrained(name, w, bits, rule);
                long zeros = 0;
                for (float x : w) {
                    zeros += set.quantize(x) == 0f ? 1 : 0;
                }
                System.out.printf(Locale.ROOT, row.replace("%5s", "%5d").replace("%8s", "%7.2f%%").replace("%14s", "%14.4f"),
                        name, rule, set.n1(), 100.0 * zeros / w.length, set.squaredError(w));
            }
        }
    }
}
