package io.github.inqspark.cli;

import io.github.inqspark.core.ModelQuantState;
import io.github.inqspark.export.PackedModel;
import io.github.inqspark.export.RunReport;
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

    @Option(names = "--entropy-coded", description = "store each tensor's codes canonical-Huffman-coded where that is smaller")
    boolean entropyCoded;

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
        byte[] file = PackedModel.write(net, state, entropyCoded);
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
        System.out.printf("wrote %s: %,d bytes, %.1fx smaller than the float32 parameters (%,d bytes), %d-bit codes%s%n",
                out, file.length, (double) fp32 / file.length, fp32, state.settings().bits(),
                entropyCoded ? ", entropy-coded where smaller" : "");
        printSizes(PackedModel.sizes(net, state));
        return 0;
    }

    /** The compression report: parameter bytes per tensor in the three encodings. */
    static void printSizes(java.util.List<RunReport.SizeRow> rows) {
        int w = rows.stream().mapToInt(r -> r.name().length()).max().orElse(6);
        String f = "%-" + w + "s %14s %14s %14s %9s %9s%n";
        System.out.printf(f, "tensor", "float32 bytes", "packed bytes", "entropy bytes", "packed x", "entropy x");
        for (RunReport.SizeRow r : rows) {
            System.out.printf(f.replace("%14s", "%,14d").replace("%9s", "%8.1fx"), r.name(), r.float32Bytes(),
                    r.packedBytes(), r.entropyCodedBytes(), (double) r.float32Bytes() / r.packedBytes(),
                    (double) r.float32Bytes() / r.entropyCodedBytes());
        }
    }
}
