package io.github.inqspark.cli;

import io.github.inqspark.model.NativeVariant;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code inq <command>}. Exit codes: 0 done (including "run already
 * complete", said on the last line), 1 failed, 2 bad usage or configuration.
 */
@Command(name = "inq", mixinStandardHelpOptions = true, version = "inq-spark 0.1.0",
        description = "Incremental Network Quantization: power-of-two weights for pre-trained CNNs, on Spark.",
        subcommands = {PretrainCommand.class, QuantizeCommand.class, InspectCommand.class, VerifyCommand.class,
            ExportCommand.class, PrepCommand.class, SampleTreeCommand.class, ReportCommand.class,
            EvaluateCommand.class, CompareCommand.class})
public final class Main {

    public static void main(String[] args) {
        NativeVariant.apply();
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean usage = e instanceof IllegalArgumentException;
            System.err.println("error: " + describe(e));
            return usage ? 2 : 1;
        });
        return cl.execute(args);
    }

    static String describe(Throwable e) {
        String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (cause: " + c.getMessage() + ")";
        }
        return m;
    }
}
