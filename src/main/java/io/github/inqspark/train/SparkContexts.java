package io.github.inqspark.train;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark context the tool runs in. The master given here is only a default: spark-submit's
 * --master (or spark.master in the environment) wins, so the same jar runs embedded and on a
 * cluster. Kryo carries broadcasts, with ND4J's and this project's registrators.
 */
public final class SparkContexts {

    private SparkContexts() {
    }

    public static SparkConf conf(String appName, String defaultMaster) {
        SparkConf conf = new SparkConf()
                .setAppName(appName)
                .setIfMissing("spark.master", defaultMaster)
                .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .setIfMissing("spark.kryo.registrator",
                        "org.nd4j.kryo.Nd4jRegistrator," + InqKryoRegistrator.class.getName())
                // each parameter-averaging result carries a whole model and its updater state
                // (VGG-16: 1.06 GiB), above Spark's default limit of 1 GiB
                .setIfMissing("spark.driver.maxResultSize", "0");
        if (conf.get("spark.master").startsWith("local")) {
            // embedded: nothing listens beyond this machine, and no web UI is started
            conf.setIfMissing("spark.ui.enabled", "false")
                    .setIfMissing("spark.driver.host", "127.0.0.1")
                    .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    public static JavaSparkContext start(SparkConf conf) {
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }
}
