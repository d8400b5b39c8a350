package org.l2l4j.samples;

import org.junit.jupiter.api.Test;
import org.l2l4j.samples.SameDiffSample.TrainingRun;
import org.l2l4j.updater.LearnedUpdater;
import picocli.CommandLine;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the sample for a few steps on the real MNIST. */
class SameDiffSampleTest {

    @Test
    void trainsTheSameDiffModelThroughItsTrainingConfig() throws IOException {
        SameDiffSample sample = new SameDiffSample();
        new CommandLine(sample).parseArgs("--steps", "3");
        List<TrainingRun> runs = sample.run();

        assertEquals(2, runs.size());
        TrainingRun learned = runs.get(0);
        TrainingRun adam = runs.get(1);
        assertInstanceOf(LearnedUpdater.class, learned.model().getTrainingConfig().getUpdater());
        // same initial weights: before training, both models are the same function
        assertEquals(learned.initialTestLoss(), adam.initialTestLoss());
        for (TrainingRun run : runs) {
            assertTrue(Double.isFinite(run.testLoss()), run.optimizer());
            assertNotEquals(run.initialTestLoss(), run.testLoss(), run.optimizer() + " did not change the model");
            assertTrue(run.testAccuracy() >= 0 && run.testAccuracy() <= 1, run.optimizer() + ": " + run.testAccuracy());
        }
    }
}
