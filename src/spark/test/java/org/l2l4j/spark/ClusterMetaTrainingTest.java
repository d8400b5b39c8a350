package org.l2l4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.meta.Engine;
import org.l2l4j.meta.RunExecutor;
import org.l2l4j.meta.RunGradient;
import org.l2l4j.optimizer.LearnedOptimizer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta-training on a real Spark standalone cluster (a master and two workers, each its own JVM, requiring
 * Spark's shared-secret authentication) gives the single-machine trainer's files, even when a worker dies in
 * the middle of an epoch; a client with the wrong secret is refused. The cluster-losing test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterMetaTrainingTest {

    private static final String SECRET = "the test cluster's secret";
    private static final int EPOCHS = 3;

    @TempDir
    static Path clusterDir;
    @TempDir
    Path dir;

    private static StandaloneCluster cluster;
    private static JavaSparkContext spark;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new StandaloneCluster(clusterDir, 2, Map.of("spark.authenticate", "true",
                "spark.authenticate.secret", SECRET));
        try {
            spark = SparkContexts.start(clientConfiguration(SECRET));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // the driver counts itself among the block managers
            while (spark.sc().getExecutorMemoryStatus().size() < 3) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the two executors did not register:\n" + cluster.logs());
                }
                Thread.sleep(200);
            }
        } catch (Exception | Error e) {
            stopCluster();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private static SparkConf clientConfiguration(String secret) {
        Map<String, String> settings = new HashMap<>();
        settings.put("spark.authenticate", "true");
        settings.put("spark.authenticate.secret", secret);
        settings.put("spark.driver.host", "127.0.0.1");
        settings.put("spark.driver.bindAddress", "127.0.0.1");
        settings.put("spark.ui.enabled", "false");
        settings.put("spark.executor.memory", "512m");
        return SparkContexts.configuration(cluster.masterUrl(), settings);
    }

    @Test
    @Order(1)
    void theClusterGivesTheSingleMachineFiles() throws Exception {
        Path local = dir.resolve("local");
        Path distributed = dir.resolve("cluster");
        SparkMetaTrainingTest.trainer(EPOCHS, local).train(false);
        try (SparkRunExecutor runs = new SparkRunExecutor(spark, SparkMetaTrainingTest.MIXTURE, Engine.FAST, 20)) {
            SparkMetaTrainingTest.trainer(EPOCHS, distributed).train(false, runs);
        }
        TrainingOutputs.assertIdentical(local, distributed);
    }

    @Test
    @Order(2)
    void aClientWithTheWrongSecretIsRefused() {
        SparkSetupException refused = assertThrows(SparkSetupException.class,
                () -> SparkContexts.start(clientConfiguration("not the secret")));
        assertTrue(refused.getMessage().contains("refused this client's authentication"), refused.getMessage());
        // the right secret passes the same check
        MasterProbe.check(cluster.masterUrl(), clientConfiguration(SECRET));
    }

    @Test
    @Order(3)
    void losingAWorkerInTheMiddleOfAnEpochChangesNothing() throws Exception {
        Path local = dir.resolve("local");
        Path distributed = dir.resolve("cluster");
        SparkMetaTrainingTest.trainer(EPOCHS, local).train(false);
        try (SparkRunExecutor spark = new SparkRunExecutor(ClusterMetaTrainingTest.spark,
                SparkMetaTrainingTest.MIXTURE, Engine.FAST, 20);
             KillingOnce runs = new KillingOnce(spark)) {
            SparkMetaTrainingTest.trainer(EPOCHS, distributed).train(false, runs);
            assertTrue(runs.killed, "the worker was killed");
        }
        TrainingOutputs.assertIdentical(local, distributed);
        assertEquals(2, spark.sc().getExecutorMemoryStatus().size(), "the driver and the one executor left");
    }

    /**
     * Kills worker 0 and its executor after the first truncation of epoch 1, when both executors cache run
     * states that the next truncation needs.
     */
    private static final class KillingOnce implements RunExecutor {
        private final RunExecutor runs;
        private int epoch = -1;
        private int truncation;
        boolean killed;

        KillingOnce(RunExecutor runs) {
            this.runs = runs;
        }

        @Override
        public void startRuns(int problemIndex, long[] seeds) {
            epoch++;
            truncation = 0;
            runs.startRuns(problemIndex, seeds);
        }

        @Override
        public List<RunGradient> truncation(LearnedOptimizer phi) {
            if (epoch == 1 && truncation == 1 && !killed) {
                try {
                    cluster.killWorker(0);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                killed = true;
            }
            truncation++;
            return runs.truncation(phi);
        }

        @Override
        public void close() {
            runs.close();
        }
    }
}
