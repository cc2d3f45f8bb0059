package io.github.inqspark.cli;

import io.github.inqspark.core.TensorSummary;
import io.github.inqspark.export.PackedModel;
import io.github.inqspark.export.RunReport;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.pipeline.StageMetrics;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.store.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a run's report: index.html (self-contained) and the PNG charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a run's HTML report with charts: accuracy, loss, frozen share and time per stage; per-layer value distribution.")
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--run-dir", required = true)
    String runDir;

    @Option(names = "--out", description = "report folder (default: <run-dir>/report); files in it are replaced")
    String out;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        RunDirectory dir = RunDirectory.open(runDir, conf);
        List<RunReport.StageRow> rows = new ArrayList<>();
        for (StageMetrics m : QuantizeJob.readMetrics(dir)) {
            rows.add(new RunReport.StageRow(m.stage(), m.stages(), m.portion(), m.frozenFraction(), m.top1(), m.top5(),
                    m.loss(), m.evalExamples(), m.trainSeconds(), m.examplesPerSecond(), m.trainer()));
        }
        QuantizeJob.StageCommit c = QuantizeJob.latestStage(dir);
        List<TensorSummary> tensors = c.summaries();
        Map<String, byte[]> files = RunReport.render(new RunReport.Input(dir.root().toString(), c.name(),
                c.state().settings().bits(), rows, tensors,
                c.state().isComplete() ? PackedModel.sizes(c.net(), c.state()) : List.of()));
        String target = out != null ? out : new Path(dir.root(), "report").toString();
        for (var f : files.entrySet()) {
            HadoopFiles.replace(new Path(target, f.getKey()).toString(), f.getValue(), conf);
        }
        System.out.println(" stage  portion  frozen   top-1    top-5     loss  train s  examples/s");
        for (RunReport.StageRow r : rows) {
            System.out.printf(Locale.ROOT, "%3d/%-3d %6.3f  %6.2f%%  %6.2f%%  %6.2f%%  %7.4f  %7.1f  %10.0f%n", r.stage(),
                    r.stages(), r.portion(), 100 * r.frozenFraction(), 100 * r.top1(), 100 * r.top5(), r.loss(),
                    r.trainSeconds(), r.examplesPerSecond());
        }
        System.out.println("report: " + new Path(target, "index.html") + " (" + rows.size() + " stages, "
                + tensors.size() + " layers)");
        return 0;
    }
}
