package io.github.inqspark.cli;

import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.core.TensorQuantState;
import io.github.inqspark.core.TensorSummary;
import io.github.inqspark.model.Net;
import io.github.inqspark.model.NetworkTensors;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.store.RunDirectory;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Verifies a run's newest stage commit and prints the per-layer distribution of values. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that every frozen (after the last stage: every) quantizable weight lies in its P_l.")
final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--run-dir", required = true)
    String runDir;

    @Override
    public Integer call() throws Exception {
        QuantizeJob.StageCommit c = QuantizeJob.latestStage(RunDirectory.open(runDir, new Configuration()));
        Net net = c.net();
        ModelQuantState state = c.state();
        NetworkTensors nt = net.tensors();
        System.out.printf("%s: stage %d of %d, %d-bit%n", c.name(), state.stagesDone(),
                state.settings().schedule().stages(), state.settings().bits());
        System.out.printf("%-14s %10s %10s %8s %-22s %9s %5s%n", "tensor", "weights", "frozen", "zeros", "P_l", "distinct", "bits");
        for (TensorQuantState t : state.tensors()) {
            TensorSummary s = TensorSummary.of(t, nt.read(nt.tensor(t.name())));
            System.out.printf("%-14s %,10d %,10d %7.2f%% %-22s %9d %5d%n", t.name(), s.count(), s.frozen(),
                    s.frozen() == 0 ? 0.0 : 100.0 * s.zeros() / s.frozen(), "2^" + t.quantumSet().n2() + "..2^"
                            + t.quantumSet().n1(), s.distinctValues(), s.bitsNeeded());
        }
        if (state.isComplete()) {
            QuantizeJob.verify(net, state);
            System.out.println("verified: every quantizable weight lies in its P_l");
        } else {
            System.out.println("verified: every frozen weight lies in its P_l (run not complete)");
        }
        return 0;
    }
}
