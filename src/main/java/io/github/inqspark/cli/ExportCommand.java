package io.github.inqspark.cli;

import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.export.PackedModel;
import io.github.inqspark.model.Net;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.store.RunDirectory;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a finished run's model as the packed b-bit file and prints the compression. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a finished run's model in the packed b-bit format (docs/export-format.md).")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run-dir", required = true)
    String runDir;

    @Option(names = "--out", required = true, description = "the packed file to write (any Hadoop path); never"
            + " overwritten: if it holds exactly this export already, that is reported and nothing is written")
    String out;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        QuantizeJob.StageCommit c = QuantizeJob.latestStage(RunDirectory.open(runDir, conf));
        ModelQuantState state = c.state();
        if (!state.isComplete()) {
            throw new IllegalArgumentException("run " + runDir + " is at stage " + state.stagesDone() + " of "
                    + state.settings().schedule().stages() + ": finish it (inq quantize) before exporting");
        }
        Net net = c.net();
        byte[] file = PackedModel.write(net, state);
        Net check = PackedModel.read(file, out);
        if (!java.util.Arrays.equals(check.params().data().asFloat(), net.params().data().asFloat())) {
            throw new IllegalStateException("the packed file does not reproduce the model's parameters");
        }
        if (new Path(out).getFileSystem(conf).exists(new Path(out))) {
            if (java.util.Arrays.equals(HadoopFiles.read(out, "export file", conf), file)) {
                System.out.println("inq: " + out + " already holds this export; nothing written"); // a retried task
                return 0;
            }
            throw new IllegalArgumentException(out + " exists already with other contents; refusing to overwrite it");
        }
        HadoopFiles.writeNew(out, file, conf);
        long fp32 = 4 * net.numParams();
        System.out.printf("wrote %s: %,d bytes, %.1fx smaller than the float32 parameters (%,d bytes), %d-bit codes%n",
                out, file.length, (double) fp32 / file.length, fp32, state.settings().bits());
        return 0;
    }
}
