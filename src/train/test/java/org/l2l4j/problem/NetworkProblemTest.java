package org.l2l4j.problem;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.data.MnistSplit;
import org.l2l4j.eval.OptimizerRace;
import org.l2l4j.eval.RaceResult;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkProblemTest {

    private static final MnistSplit DATA = RandomImages.split(400, 3);
    private static final int BATCH = 128;
    private static final NetworkModel PAPER = NetworkModel.of("paper", MnistMlp.PAPER.configuration(new NoOp(), 0));

    private static NetworkProblem paperProblem() {
        return new NetworkProblem(PAPER, DATA, DATA, BATCH, MnistMlp.CLASSES);
    }

    /** θ of the network (DL4J keeps W [in, out] column-major) laid out as MlpProblem's (row-major). */
    private static float[] toMlpLayout(float[] network, MlpProblem mlp) {
        float[] theta = network.clone();
        for (int l = 0; l < mlp.layers(); l++) {
            int in = mlp.in(l);
            int out = mlp.out(l);
            int offset = mlp.weightOffset(l);
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    theta[offset + i * out + j] = network[offset + i + j * in];
                }
            }
        }
        return theta;
    }

    private static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(diff / norm);
    }

    /** On the paper's MLP, DL4J's loss and gradient through this problem equal MlpProblem's hand-written ones. */
    @Test
    void thePaperMlpGivesMlpProblemsLossesAndGradients() {
        NetworkProblem network = paperProblem();
        MlpProblem mlp = new MlpProblem(MnistMlp.PAPER, DATA, BATCH);
        assertEquals(mlp.parameterCount(), network.parameterCount());
        LossEvaluator networkEvaluator = network.evaluator();
        LossEvaluator mlpEvaluator = mlp.evaluator();
        int n = mlp.parameterCount();
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] theta = new float[n];
            for (int i = 0; i < n; i++) {
                theta[i] = (float) (0.3 * random.nextGaussian());
            }
            float[] thetaMlp = toMlpLayout(theta, mlp);
            BatchSource networkBatches = network.batches(seed);
            BatchSource mlpBatches = mlp.batches(seed);
            for (int step = 0; step < 3; step++) {
                Batch networkBatch = networkBatches.next();
                Batch mlpBatch = mlpBatches.next();
                assertArrayEquals(mlpBatch.get("x"), networkBatch.get("x"), "the same minibatches");
                assertArrayEquals(mlpBatch.get("labels"), networkBatch.get("labels"));
                float[] networkGradient = new float[n];
                float[] mlpGradient = new float[n];
                double networkLoss = networkEvaluator.lossAndGradient(theta, networkBatch, networkGradient);
                double mlpLoss = mlpEvaluator.lossAndGradient(thetaMlp, mlpBatch, mlpGradient);
                assertEquals(mlpLoss, networkLoss, 1e-5 * mlpLoss, "seed " + seed + " step " + step);
                double error = relativeError(toMlpLayout(networkGradient, mlp), mlpGradient);
                assertTrue(error <= 1e-5, "gradient relative error " + error + " at seed " + seed + " step " + step);
            }
            FinalMetrics networkMetrics = network.finalMetrics(theta, seed);
            FinalMetrics mlpMetrics = mlp.finalMetrics(thetaMlp, seed);
            assertEquals(mlpMetrics.loss(), networkMetrics.loss(), 1e-5 * mlpMetrics.loss());
            assertEquals(mlpMetrics.accuracy(), networkMetrics.accuracy());
        }
    }

    /** θ_0 is the network's own initialisation with the run's seed, as DL4J itself draws it. */
    @Test
    void initialParametersAreTheNetworksOwnSeededInitialisation() {
        NetworkProblem problem = paperProblem();
        MultiLayerNetwork reference = new MultiLayerNetwork(MnistMlp.PAPER.configuration(new NoOp(), 7));
        reference.init();
        assertArrayEquals(reference.params().toFloatVector(), problem.initialParameters(7));
        assertFalse(java.util.Arrays.equals(problem.initialParameters(7), problem.initialParameters(8)));
    }

    /**
     * The learned optimizer raced through this problem takes the same steps as LearnedUpdater inside
     * MultiLayerNetwork.fit on the same minibatches: the loss at every step and the final parameters agree.
     */
    @Test
    void aLearnedRaceEqualsLearnedUpdaterInsideFit() {
        NetworkProblem problem = paperProblem();
        int steps = 30;
        long seed = 5;
        RaceResult raced = new OptimizerRace(problem, steps, new PrintStream(OutputStream.nullOutputStream()))
                .run("learned", null, LearnedUpdater.pretrained(), new long[]{seed});

        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(LearnedUpdater.pretrained(), seed));
        net.init();
        net.setParams(Nd4j.createFromArray(problem.initialParameters(seed)).reshape(1, problem.parameterCount()));
        BatchSource batches = problem.batches(seed);
        for (int t = 0; t < steps; t++) {
            Batch batch = batches.next();
            DataSet minibatch = new DataSet(Nd4j.createFromArray(batch.get("x").clone()).reshape(BATCH, 784),
                    Nd4j.createFromArray(batch.get("labels").clone()).reshape(BATCH, MnistMlp.CLASSES));
            net.fit(minibatch);
            double expected = net.score();
            assertEquals(expected, raced.lossPerSeedAndStep()[0][t], 1e-5 * expected, "step " + t);
        }
        double fitLoss = problem.finalMetrics(net.params().toFloatVector(), seed).loss();
        assertEquals(fitLoss, raced.finalLoss()[0], 1e-5 * fitLoss);
    }
}
