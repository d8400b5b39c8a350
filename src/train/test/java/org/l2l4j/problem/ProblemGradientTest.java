package org.l2l4j.problem;

import org.junit.jupiter.api.Test;
import org.l2l4j.data.MnistDataset;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast loss and gradient of every problem equal SameDiff's loss subgraph and its own gradient of it. */
class ProblemGradientTest {

    @Test
    void quadraticMatchesSameDiff() {
        assertMatchesSameDiff(QuadraticProblem.PAPER, 3);
    }

    @Test
    void mlpsMatchSameDiff() {
        var train = MnistDataset.standard().load(true);
        assertMatchesSameDiff(new MlpProblem(MnistMlp.PAPER, train, 32), 5);
        assertMatchesSameDiff(new MlpProblem(new MnistMlp(List.of(12, 9), MlpActivation.RELU), train, 16), 6);
        assertMatchesSameDiff(new MlpProblem(new MnistMlp(List.of(7), MlpActivation.TANH), train, 16), 7);
    }

    private static <P extends Problem & SameDiffLoss> void assertMatchesSameDiff(P problem, long seed) {
        float[] theta = problem.initialParameters(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += (float) (0.3 * Math.sin(i * 0.7)); // away from the tiny initial values, so every unit is active
        }
        Batch batch = problem.batches(seed).next();
        float[] gradient = new float[theta.length];
        double loss = problem.evaluator().lossAndGradient(theta, batch, gradient);

        SameDiff sd = SameDiff.create();
        SDVariable thetaVar = sd.var("theta", Nd4j.create(theta, new long[]{theta.length, 1}, 'c').castTo(DataType.DOUBLE));
        Map<String, SDVariable> batchVars = new HashMap<>();
        for (var entry : problem.batchShapes().entrySet()) {
            INDArray array = Nd4j.create(batch.get(entry.getKey()), entry.getValue(), 'c').castTo(DataType.DOUBLE);
            batchVars.put(entry.getKey(), sd.constant(entry.getKey(), array));
        }
        SDVariable lossVar = problem.loss(sd, thetaVar, batchVars);
        lossVar.markAsLoss();
        double referenceLoss = lossVar.eval().getDouble(0);
        double[] referenceGradient = sd.calculateGradients(Map.of(), "theta").get("theta").ravel().toDoubleVector();

        assertEquals(referenceLoss, loss, 1e-5 * Math.abs(referenceLoss), problem.describe() + " loss");
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < theta.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(gradient[i] - referenceGradient[i]));
            maxRef = Math.max(maxRef, Math.abs(referenceGradient[i]));
        }
        assertTrue(maxRef > 0, problem.describe() + ": zero gradient");
        assertTrue(maxDiff <= 1e-5 * maxRef, problem.describe() + ": gradient relative error " + maxDiff / maxRef);
    }
}
