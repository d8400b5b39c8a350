package org.l2l4j.problem;

import org.junit.jupiter.api.Test;
import org.l2l4j.data.MnistSplit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every network task takes MNIST in its own layout and gives a finite loss, a gradient and final metrics. */
class PresetTasksTest {

    private static final MnistSplit DATA = RandomImages.split(150, 9);

    @Test
    void everyNetworkTaskRunsOneStepOnMnistSizedImages() {
        for (Task task : Tasks.all()) {
            if (!task.needsImages()) {
                continue;
            }
            Problem problem = task.problem(DATA, DATA);
            float[] theta = problem.initialParameters(1);
            assertEquals(task.parameterCount(), theta.length, task.name());
            float[] gradient = new float[theta.length];
            double loss = problem.evaluator().lossAndGradient(theta, problem.batches(1).next(), gradient);
            // an untrained classifier of 10 classes: cross-entropy near ln 10
            assertTrue(loss > 1.5 && loss < 4, task.name() + " loss " + loss);
            double norm = 0;
            for (float g : gradient) {
                norm += g * g;
            }
            assertTrue(norm > 0 && Double.isFinite(norm), task.name() + " gradient norm² " + norm);
            FinalMetrics metrics = problem.finalMetrics(theta, 1);
            assertTrue(metrics.loss() > 1.5 && metrics.loss() < 4 && metrics.accuracy() >= 0, task.name() + " " + metrics);
        }
    }
}
