package io.github.inqspark.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.github.inqspark.core.InqSettings;
import io.github.inqspark.core.Schedule;
import io.github.inqspark.data.ImageTransform;
import io.github.inqspark.model.ImageNetArchitectures;
import io.github.inqspark.pipeline.QuantizeSpec;
import io.github.inqspark.train.TrainSettings;
import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * The quantize job's configuration: a HOCON file over the defaults in inq-defaults.conf, with
 * command-line overrides on top. Validated before any Spark work starts: an unknown key, a wrong
 * type or an invalid value is reported with the key's full path and the file it came from.
 */
public record JobConfig(QuantizeSpec spec, String dataFormat, String dataDir, int trainExamples, int evalExamples,
                        int validationExamples, ImageTransform imageTransform, boolean sparkEnabled, String sparkMaster, int averagingFrequency,
                        int workers, boolean saveUpdater) {

    public static JobConfig load(File file, List<String> overrides) {
        Config defaults = ConfigFactory.parseResources("inq-defaults.conf", ConfigParseOptions.defaults().setAllowMissing(false));
        Config user = ConfigFactory.empty();
        if (file != null) {
            if (!file.isFile()) {
                throw new IllegalArgumentException("config file " + file + " does not exist");
            }
            try {
                user = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) { // a syntax error: the message names the file and line
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + o + "' is not of the form key=value");
            }
            String key = o.substring(0, eq).trim();
            String value = o.substring(eq + 1);
            ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription("command-line override " + o);
            Config one;
            try {
                one = ConfigFactory.parseString(key + " = " + value, origin);
            } catch (ConfigException.Parse notHocon) {
                // an unquoted path or URI (hdfs://..., file:/...) is not a HOCON value: take it as a string
                one = ConfigFactory.parseMap(Map.of(key, value), "command-line override " + o);
            }
            user = one.withFallback(user);
        }
        for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
            if (!defaults.hasPathOrNull(e.getKey())) {
                throw new IllegalArgumentException("unknown key '" + e.getKey() + "' ("
                        + e.getValue().origin().description() + "); known keys are listed in inq-defaults.conf");
            }
        }
        Config c = user.withFallback(defaults).resolve();
        try {
            return fromConfig(c.getConfig("inq"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static JobConfig fromConfig(Config c) {
        InqSettings inq;
        try {
            List<Double> portions = c.getDoubleList("quantization.portions");
            Schedule schedule = portions.isEmpty() ? Schedule.named(c.getString("quantization.schedule"))
                    : new Schedule(portions.stream().mapToDouble(Double::doubleValue).toArray());
            inq = new InqSettings(c.getInt("quantization.bits"), schedule, c.getString("quantization.strategy"),
                    c.getLong("quantization.seed"), c.getString("quantization.n1-rule"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inq.quantization (" + c.getValue("quantization.bits").origin().description()
                    + "): " + e.getMessage(), e);
        }
        TrainSettings train;
        try {
            train = new TrainSettings(c.getInt("train.epochs-per-stage"), c.getInt("train.batch-size"),
                    c.getDouble("train.learning-rate"), c.getDouble("train.decay-per-epoch"), c.getLong("train.seed"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inq.train: " + e.getMessage(), e);
        }
        QuantizeSpec.Optimizer optimizer = null;
        if (c.getIsNull("train.momentum") != c.getIsNull("train.weight-decay")) {
            throw new IllegalArgumentException("inq.train.momentum and inq.train.weight-decay are set together or not"
                    + " at all (" + c.getValue("train").origin().description() + ")");
        }
        if (!c.getIsNull("train.momentum")) {
            try {
                optimizer = new QuantizeSpec.Optimizer(c.getDouble("train.momentum"), c.getDouble("train.weight-decay"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("inq.train (" + c.getValue("train.momentum").origin().description()
                        + "): " + e.getMessage(), e);
            }
        }
        QuantizeSpec spec = new QuantizeSpec(required(c, "model"), required(c, "run-dir"), inq, train,
                c.getInt("train.final-stage-epochs"), optimizer,
                c.getIsNull("architecture") ? null : architecture(c));
        String format = c.getString("data.format");
        if (!format.equals("mnist") && !format.equals("shards")) {
            throw new IllegalArgumentException("inq.data.format: unknown format '" + format + "' ("
                    + c.getValue("data.format").origin().description() + "; known: mnist, shards)");
        }
        ImageTransform transform;
        try {
            transform = new ImageTransform(c.getInt("data.crop"), c.getString("data.normalization"),
                    c.getBoolean("data.channels-last"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("inq.data (" + c.getValue("data.crop").origin().description() + "): "
                    + e.getMessage(), e);
        }
        int workers = c.getInt("spark.workers");
        int averaging = c.getInt("spark.averaging-frequency");
        if (workers < 0 || averaging <= 0) {
            throw new IllegalArgumentException("inq.spark: workers must be >= 0 and averaging-frequency > 0, found "
                    + workers + " and " + averaging);
        }
        return new JobConfig(spec, format, required(c, "data.dir"), nonNegative(c, "data.train-examples"),
                nonNegative(c, "data.eval-examples"), validation(c, format), transform, c.getBoolean("spark.enabled"), c.getString("spark.master"),
                averaging, workers, c.getBoolean("spark.save-updater"));
    }

    private static String architecture(Config c) {
        String a = c.getString("architecture");
        if (!ImageNetArchitectures.NAMES.contains(a)) {
            throw new IllegalArgumentException("inq.architecture: unknown architecture '" + a + "' ("
                    + c.getValue("architecture").origin().description() + "; known: "
                    + String.join(", ", ImageNetArchitectures.NAMES) + ")");
        }
        return a;
    }

    private static int validation(Config c, String format) {
        int v = nonNegative(c, "data.validation-examples");
        if (v > 0 && !format.equals("mnist")) {
            throw new IllegalArgumentException("inq.data.validation-examples applies to the mnist format only (shards"
                    + " have their own validation split), found " + v + " (" + c.getValue("data.validation-examples")
                    .origin().description() + ")");
        }
        return v;
    }

    private static String required(Config c, String key) {
        if (c.getIsNull(key)) {
            throw new IllegalArgumentException("inq." + key + " is required but not set");
        }
        return c.getString(key);
    }

    private static int nonNegative(Config c, String key) {
        int v = c.getInt(key);
        if (v < 0) {
            throw new IllegalArgumentException("inq." + key + " must be >= 0, found " + v + " ("
                    + c.getValue(key).origin().description() + ")");
        }
        return v;
    }
}
