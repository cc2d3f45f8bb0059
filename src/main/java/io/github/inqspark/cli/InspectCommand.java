package io.github.inqspark.cli;

import io.github.inqspark.model.Net;
import io.github.inqspark.model.ParamInfo;
import io.github.inqspark.store.HadoopFiles;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints which parameters of a model INQ quantizes, and why not where it does not. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Table of a model's parameters: quantizable or why not.")
final class InspectCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "DL4J model zip or Keras HDF5 file, any Hadoop path")
    String model;

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
        return 0;
    }
}
