package org.l2l4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.optimizer.Kernels;

import java.util.Map;

/** Starts the Spark context meta-training runs on, from a master URL and Spark configuration entries. */
public final class SparkContexts {

    public static final String APP_NAME = "l2l4j meta-train";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private SparkContexts() {
    }

    /**
     * The configuration for {@code master} ({@code local[N]}, {@code local[*]} or {@code spark://HOST:PORT})
     * with {@code settings} on top (for instance {@code spark.authenticate} and its secret); the driver's web UI
     * is off unless the settings turn it on, and a local master binds the driver to the loopback address. Unless the
     * settings say how executors find l2l4j's classes ({@code spark.jars} or
     * {@code spark.executor.extraClassPath}), a cluster's executors use this JVM's class path, which works
     * where every worker has the same files at the same paths. When this JVM runs the vectorised optimizer
     * kernel, the executors are started with the Vector API module too.
     */
    public static SparkConf configuration(String master, Map<String, String> settings) {
        SparkConf conf = new SparkConf(false).setMaster(master).setAppName(APP_NAME)
                // meta-train shows its own progress; a web UI on every interface would only be one more open port
                .set("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            // everything runs in this JVM: keep the driver's ports on the loopback address rather than on whatever
            // interface the host name resolves to
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        settings.forEach(conf::set);
        if (!master.startsWith("local")) {
            if (!conf.contains("spark.jars") && !conf.contains("spark.executor.extraClassPath")) {
                conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            }
            String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
            if (Kernels.VECTOR_API && !executorOptions.contains(VECTOR_MODULE)) {
                // executors must run the kernel this JVM runs, or their gradients differ in the last bits
                conf.set("spark.executor.extraJavaOptions",
                        (executorOptions + " --add-modules " + VECTOR_MODULE).trim());
            }
        }
        return conf;
    }

    /** Starts a context; a standalone master is checked first, so that a wrong address or secret is named. */
    public static JavaSparkContext start(SparkConf conf) {
        String master = conf.get("spark.master");
        if (master.startsWith("spark://")) {
            MasterProbe.check(master, conf);
        }
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) { // Scala throws SparkException, a checked exception Java cannot name here
            throw new SparkSetupException("Spark could not start with master '" + master + "': " + e.getMessage()
                    + "; --spark takes local[N], local[*] or spark://HOST:PORT", e);
        }
    }
}
