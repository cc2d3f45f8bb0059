package io.github.inqspark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.inqspark.export.ComparisonReport;
import io.github.inqspark.pipeline.QuantizeJob;
import io.github.inqspark.pipeline.StageMetrics;
import io.github.inqspark.store.HadoopFiles;
import io.github.inqspark.store.RunDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Puts several runs side by side (results tables of an experiment): a markdown table and a chart
 * of top-1 per stage. A cell is a label; several runs under one label are seeds.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Table and chart of several runs: per cell (runs sharing a label are seeds) the reference,"
                + " final top-1 and the change in test error, mean and spread.")
final class CompareCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "LABEL=PATH",
            description = "a run directory, or a JSON file written by `evaluate --out` (a plain FP32 result);"
                    + " repeat; the same label again adds a seed to that cell")
    List<String> runs;

    @Option(names = "--out", required = true, description = "folder for table.md and top1-per-stage.png (replaced)")
    String out;

    @Override
    public Integer call() throws Exception {
        Configuration conf = new Configuration();
        Map<String, List<ComparisonReport.Run>> cells = new LinkedHashMap<>();
        for (String r : runs) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new IllegalArgumentException("--run '" + r + "' is not of the form LABEL=PATH");
            }
            String path = r.substring(eq + 1);
            cells.computeIfAbsent(r.substring(0, eq), k -> new ArrayList<>()).add(read(path, conf));
        }
        List<ComparisonReport.Cell> list = new ArrayList<>();
        cells.forEach((label, rs) -> list.add(new ComparisonReport.Cell(label, rs)));
        Map<String, byte[]> files = ComparisonReport.render(list);
        for (var f : files.entrySet()) {
            HadoopFiles.replace(new Path(out, f.getKey()).toString(), f.getValue(), conf);
        }
        System.out.print(new String(files.get("table.md"), StandardCharsets.UTF_8));
        System.out.println("compare: " + new Path(out, "table.md") + ", " + new Path(out, "top1-per-stage.png"));
        return 0;
    }

    private static ComparisonReport.Run read(String path, Configuration conf) throws Exception {
        if (path.endsWith(".json")) {
            JsonNode j = new ObjectMapper().readTree(HadoopFiles.read(path, "evaluation result", conf));
            if (!j.has("top1") || !j.has("top5")) {
                throw new IllegalArgumentException(path + ": not an `evaluate --out` result (no top1/top5 keys)");
            }
            return new ComparisonReport.Run(path, List.of(new ComparisonReport.Point(0, j.get("top1").asDouble(),
                    j.get("top5").asDouble())), false, 0);
        }
        List<StageMetrics> metrics = QuantizeJob.readMetrics(RunDirectory.open(path, conf));
        if (metrics.isEmpty() || metrics.get(0).stage() != 0) {
            throw new IllegalArgumentException(path + ": the run has no committed reference metrics (stage 0)");
        }
        if (metrics.get(metrics.size() - 1).stage() != metrics.get(0).stages()) {
            throw new IllegalArgumentException(path + ": the run is not finished (last committed stage "
                    + metrics.get(metrics.size() - 1).stage() + " of " + metrics.get(0).stages() + ")");
        }
        List<ComparisonReport.Point> points = new ArrayList<>();
        double seconds = 0;
        for (StageMetrics m : metrics) {
            points.add(new ComparisonReport.Point(m.frozenFraction(), m.top1(), m.top5()));
            seconds += m.trainSeconds();
        }
        return new ComparisonReport.Run(path, points, true, seconds);
    }
}
