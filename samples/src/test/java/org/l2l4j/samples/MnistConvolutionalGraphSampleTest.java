package org.l2l4j.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.samples.MnistConvolutionalGraphSample.Outcome;
import org.l2l4j.samples.MnistConvolutionalGraphSample.TrainingRun;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the sample for a few steps on the real MNIST. */
class MnistConvolutionalGraphSampleTest {

    private static final int STEPS = 3;

    @TempDir
    Path out;

    @Test
    void trainsTheConvolutionalGraphWithBothOptimizersAndPlots() throws IOException {
        MnistConvolutionalGraphSample sample = new MnistConvolutionalGraphSample();
        // a tenth of the test split: evaluating the convolutions on all of it would take most of the test's time
        new CommandLine(sample).parseArgs("--steps", String.valueOf(STEPS), "--test-images", "1000", "--out", out.toString());
        Outcome outcome = sample.run();

        assertSane(outcome.learned());
        assertSane(outcome.adam());
        // same initial weights and first minibatch: the loss before any update cannot depend on the optimizer
        assertEquals(outcome.learned().minibatchLoss()[0], outcome.adam().minibatchLoss()[0]);
        SampleFiles.assertPng(outcome.plot());
    }

    private static void assertSane(TrainingRun run) {
        assertEquals(STEPS, run.minibatchLoss().length, run.optimizer());
        assertTrue(Arrays.stream(run.minibatchLoss()).allMatch(Double::isFinite),
                run.optimizer() + ": " + Arrays.toString(run.minibatchLoss()));
        assertTrue(Double.isFinite(run.testLoss()), run.optimizer());
        assertTrue(run.testAccuracy() >= 0 && run.testAccuracy() <= 1, run.optimizer() + ": " + run.testAccuracy());
    }
}
