package org.l2l4j.samples;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.samples.MnistMultiLayerSample.Outcome;
import org.l2l4j.samples.MnistMultiLayerSample.TrainingRun;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the sample for a few steps on the real MNIST. */
class MnistMultiLayerSampleTest {

    private static final int STEPS = 4;

    @TempDir
    Path out;

    @Test
    void trainsBothOptimizersFairlyPlotsAndResumesFromTheSavedModel() throws IOException {
        MnistMultiLayerSample sample = new MnistMultiLayerSample();
        new CommandLine(sample).parseArgs("--steps", String.valueOf(STEPS), "--out", out.toString());
        Outcome outcome = sample.run();

        assertEquals(4, outcome.runs().size());
        outcome.runs().forEach(MnistMultiLayerSampleTest::assertSane);
        for (int network = 0; network < 2; network++) {
            TrainingRun learned = outcome.runs().get(2 * network);
            TrainingRun adam = outcome.runs().get(2 * network + 1);
            // same initial weights and first minibatch: the loss before any update cannot depend on the optimizer
            assertEquals(learned.minibatchLoss()[0], adam.minibatchLoss()[0], learned.network());
        }
        assertEquals(2, outcome.plots().size());
        outcome.plots().forEach(SampleFiles::assertPng);

        MultiLayerNetwork saved = outcome.savedNetwork();
        MultiLayerNetwork reloaded = ModelSerializer.restoreMultiLayerNetwork(outcome.savedModel().toFile(), true);
        assertArrayEquals(saved.params().toFloatVector(), reloaded.params().toFloatVector());
        assertArrayEquals(saved.getUpdater().getStateViewArray().toFloatVector(),
                reloaded.getUpdater().getStateViewArray().toFloatVector());
        assertTrue(outcome.reloadedExactly());

        TrainingRun continued = outcome.continued();
        assertSane(continued);
        assertFalse(Arrays.equals(saved.params().toFloatVector(), continued.model().params().toFloatVector()),
                "continued training left the parameters unchanged");
    }

    @Test
    void refusesAStepCountBeyondOnePassOverTheData() {
        int exitCode = new CommandLine(new MnistMultiLayerSample())
                .execute("--steps", String.valueOf(MnistMultiLayerSample.MAX_STEPS + 1), "--out", out.toString());
        assertEquals(2, exitCode);
    }

    private static void assertSane(TrainingRun run) {
        String name = run.network() + " / " + run.optimizer();
        assertEquals(STEPS, run.minibatchLoss().length, name);
        assertTrue(Arrays.stream(run.minibatchLoss()).allMatch(Double::isFinite), name + ": " + Arrays.toString(run.minibatchLoss()));
        assertTrue(Double.isFinite(run.testLoss()), name);
        assertTrue(run.testAccuracy() >= 0 && run.testAccuracy() <= 1, name + ": " + run.testAccuracy());
    }
}
