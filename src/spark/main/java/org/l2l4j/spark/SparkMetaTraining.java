package org.l2l4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.meta.MetaTrainer;
import org.l2l4j.meta.MetaTrainingConfig;
import org.l2l4j.optimizer.LearnedOptimizer;

import java.io.IOException;
import java.util.List;

/** Runs a {@link MetaTrainer} with its training runs on Spark, from starting the context to stopping it. */
public final class SparkMetaTraining {

    private SparkMetaTraining() {
    }

    /**
     * Trains like {@link MetaTrainer#train(boolean)}, with {@code recipes} describing the trainer's problems in
     * its order, so that executors can rebuild them, and {@code config} the trainer's settings.
     */
    public static LearnedOptimizer train(MetaTrainer trainer, MetaTrainingConfig config, boolean resume,
            SparkConf conf, List<ProblemRecipe> recipes) throws IOException {
        try (JavaSparkContext spark = SparkContexts.start(conf);
             SparkRunExecutor runs = new SparkRunExecutor(spark, recipes, config.engine(), config.unroll())) {
            return trainer.train(resume, runs);
        }
    }
}
