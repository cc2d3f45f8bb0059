package io.github.inqspark.cli;

import io.github.inqspark.core.FrozenWeights;
import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.QuantumSet;
import io.github.inqspark.core.TensorSummary;
import io.github.inqspark.export.PackedModel;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.model.QuantizableTensor;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.store.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Verifies that quantizable weights lie in their P_l and prints the per-layer distribution: a run's
 * newest stage commit (frozen weights; all of them once the run is complete), or a model file: a
 * packed export (P_l from the file) or a DL4J zip / Keras HDF5 model (P_l inferred from each
 * tensor's largest weight, which must be 2^n1, and --bits). Exit 1 names the first offending tensor
 * and index.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that quantizable weights lie in their P_l: of a run's newest stage, or of a model file.")
final class VerifyCommand implements Callable<Integer> {

    static final class Target {
        @Option(names = "--run-dir", required = true, description = "a run directory: its newest committed stage")
        String runDir;

        @Option(names = "--model", required = true, description = "a packed export (.inqx), DL4J zip or Keras HDF5 file")
        String model;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--bits", description = "bit-width b of a DL4J or Keras model file (packed exports carry theirs)")
    Integer bits;

    @Override
    public Integer call() throws Exception {
        return target.runDir != null ? verifyRun() : verifyModel();
    }

    private int verifyRun() throws Exception {
        QuantizeJob.StageCommit c = QuantizeJob.latestStage(RunDirectory.open(target.runDir, new Configuration()));
        Net net = c.net();
        ModelQuantState state = c.state();
        System.out.printf("%s: stage %d of %d, %d-bit, n1 rule %s%n", c.name(), state.stagesDone(),
                state.settings().schedule().stages(), state.settings().bits(), state.settings().n1Rule());
        print(c.summaries());
        if (state.isComplete()) {
            QuantizeJob.verify(net, state);
            System.out.println("verified: every quantizable weight lies in its P_l");
        } else {
            System.out.println("verified: every frozen weight lies in its P_l (run not complete)");
        }
        return 0;
    }

    private int verifyModel() throws Exception {
        byte[] bytes = HadoopFiles.read(target.model, "model file", new Configuration());
        List<TensorSummary> rows = new ArrayList<>();
        if (PackedModel.isPacked(bytes)) {
            PackedModel.Contents c = PackedModel.readContents(bytes, target.model);
            NetworkTensors nt = c.net().tensors();
            System.out.printf("%s: packed INQ model, format version %d, %d quantized tensors%n", target.model,
                    c.version(), c.tensors().size());
            for (PackedModel.TensorEntry e : c.tensors()) {
                rows.add(check(e.name(), e.quantumSet(), nt.read(nt.tensor(e.name()))));
            }
        } else {
            if (bits == null) {
                throw new IllegalArgumentException(target.model + " is not a packed export: give its bit-width with --bits");
            }
            Net net = Net.read(bytes, target.model);
            NetworkTensors nt = net.tensors();
            System.out.printf("%s: %d quantizable tensors, checked at %d bits%n", target.model, nt.tensors().size(), bits);
            for (QuantizableTensor t : nt.tensors()) {
                float[] w = nt.read(t);
                rows.add(check(t.name(), inferred(t.name(), w, bits), w));
            }
        }
        print(rows);
        System.out.println("verified: every quantizable weight lies in its P_l");
        return 0;
    }

    /** P_l of a model without its quantization state: n1 from the largest weight, which must be 2^n1. */
    static QuantumSet inferred(String name, float[] w, int bits) {
        int argmax = 0;
        for (int i = 1; i < w.length; i++) {
            if (Math.abs(w[i]) > Math.abs(w[argmax])) {
                argmax = i;
            }
        }
        float max = Math.abs(w[argmax]);
        if (max == 0) {
            return new QuantumSet(0, QuantumSet.lowerExponent(0, bits), bits);
        }
        int n1 = Math.getExponent(max);
        if (Math.scalb(1f, n1) != max) {
            throw new IllegalStateException("tensor '" + name + "' weight " + argmax + " = " + w[argmax]
                    + " is not a power of two: the model is not quantized");
        }
        return new QuantumSet(n1, QuantumSet.lowerExponent(n1, bits), bits);
    }

    static TensorSummary check(String name, QuantumSet q, float[] w) {
        int bad = FrozenWeights.firstOutsideP(q, w);
        if (bad >= 0) {
            throw new IllegalStateException("tensor '" + name + "' weight " + bad + " = " + w[bad] + " is not in P_l = " + q);
        }
        return TensorSummary.ofAll(name, q, w);
    }

    static void print(List<TensorSummary> rows) {
        int width = Math.max(6, rows.stream().mapToInt(r -> r.name().length()).max().orElse(6));
        String head = "%-" + width + "s %12s %12s %8s %-22s %9s %5s%n";
        System.out.printf(head, "tensor", "weights", "frozen", "zeros", "P_l", "distinct", "bits");
        for (TensorSummary s : rows) {
            System.out.printf("%-" + width + "s %,12d %,12d %7.2f%% %-22s %9d %5d%n", s.name(), s.count(), s.frozen(),
                    s.frozen() == 0 ? 0.0 : 100.0 * s.zeros() / s.frozen(),
                    "2^" + s.quantumSet().n2() + "..2^" + s.quantumSet().n1(), s.distinctValues(), s.bitsNeeded());
        }
    }
}
