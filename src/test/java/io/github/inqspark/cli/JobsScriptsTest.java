package io.github.inqspark.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Airflow DAG (jobs/inq_dag.py) parses with Debian's python3 (Airflow itself cannot be installed
 * here), and every command it would submit exists in the tool with the options it passes; every job
 * has its spark-submit wrapper in jobs/.
 */
class JobsScriptsTest {

    static final List<String> JOBS = List.of("prep", "pretrain", "quantize", "evaluate", "export", "report");

    static String python(Map<String, String> env, Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("python.err").toFile());
        pb.environment().putAll(env);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("python.err")));
        return out;
    }

    @Test
    void dagCompilesAndEveryCommandItRunsExistsWithItsOptions(@TempDir Path tmp) throws Exception {
        python(Map.of(), tmp, "-c", "import py_compile; py_compile.compile('jobs/inq_dag.py', cfile='"
                + tmp.resolve("dag.pyc") + "', doraise=True)");
        for (String flow : List.of("imagenet", "mnist")) {
            JsonNode tasks = new ObjectMapper().readTree(python(Map.of("INQ_FLOW", flow, "INQ_CONF", "conf/resnet18-5bit.conf"),
                    tmp, "jobs/inq_dag.py", "--print-commands"));
            List<String> ids = new ArrayList<>();
            for (JsonNode task : tasks) {
                ids.add(task.get(0).asText());
                List<String> args = new ArrayList<>();
                task.get(1).forEach(a -> args.add(a.asText()));
                CommandLine cl = new CommandLine(new Main());
                assertDoesNotThrow(() -> cl.parseArgs(args.toArray(String[]::new)), flow + ": " + args);
                int conf = args.indexOf("--conf");
                if (conf >= 0) {
                    assertTrue(new File(args.get(conf + 1)).isFile(), args.get(conf + 1));
                    // the config with the DAG's overrides validates
                    List<String> sets = new ArrayList<>();
                    for (int i = 0; i < args.size() - 1; i++) {
                        if (args.get(i).equals("--set")) {
                            sets.add(args.get(i + 1));
                        }
                    }
                    assertDoesNotThrow(() -> JobConfig.load(new File(args.get(conf + 1)), sets), flow + ": " + sets);
                }
            }
            assertEquals(flow.equals("mnist") ? List.of("pretrain", "quantize", "evaluate", "export", "report")
                    : List.of("prep", "import", "quantize", "evaluate", "export", "report"), ids);
        }
    }

    @Test
    void everyJobHasASparkSubmitWrapperForAToolCommand() throws Exception {
        CommandLine cl = new CommandLine(new Main());
        for (String job : JOBS) {
            Path script = Path.of("jobs", job + ".sh");
            assertTrue(Files.isExecutable(script), script.toString());
            String text = Files.readString(script);
            assertTrue(text.contains("INQ_COMMAND=" + job + " exec \"$(dirname \"$0\")/submit.sh\""), script.toString());
            assertTrue(cl.getSubcommands().containsKey(job), job);
        }
    }
}
