package org.l2l4j.updater;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In each kind of DL4J model, training with the LearnedUpdater moves the parameters by exactly the learned
 * optimizer's step on the model's own gradient, as computed independently by the SameDiff definition.
 */
class UpdaterMatchesReferenceTest {

    private static final int STEPS = 4;
    private static final LearnedUpdater LEARNED = LearnedUpdater.randomInit(3);
    private static final LearnedUpdater WARM = new LearnedUpdater(
            LearnedOptimizer.randomInit(OptimizerShape.GENERAL.withWarmup(STEPS - 1).withShareWarmup(STEPS - 2), 3));

    @Test
    void multiLayerNetworkOfSeveralLayers() {
        assertMultiLayerNetworkTakesTheReferenceSteps(LEARNED);
    }

    /** The general optimizer: moment features and state, and its step around Adam's direction. */
    @Test
    void multiLayerNetworkWithTheGeneralOptimizer() {
        assertMultiLayerNetworkTakesTheReferenceSteps(
                new LearnedUpdater(LearnedOptimizer.randomInit(OptimizerShape.GENERAL, 3)));
    }

    /** A warm-up of 3 steps: DL4J's iteration is the step index, so steps 0-2 are narrowed and step 3 is not. */
    @Test
    void multiLayerNetworkWithAWarmup() {
        assertMultiLayerNetworkTakesTheReferenceSteps(WARM);
    }

    private static void assertMultiLayerNetworkTakesTheReferenceSteps(LearnedUpdater learned) {
        MultiLayerNetwork net = new MultiLayerNetwork(TinyModels.multiLayer(learned, learned));
        net.init();
        ReferenceOptimizer reference = new ReferenceOptimizer(learned.optimizer(), (int) net.numParams());
        for (int t = 0; t < STEPS; t++) {
            DataSet batch = TinyModels.batch(t);
            net.setInput(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            float[] gradient = meanOverBatch(net.gradient().gradient(), batch);
            float[] before = net.params().toFloatVector();
            net.fit(batch);
            assertStepTaken(before, reference.step(gradient), net.params().toFloatVector(), "step " + t);
        }
    }

    @Test
    void computationGraph() {
        ComputationGraph graph = new ComputationGraph(TinyModels.graph(LEARNED));
        graph.init();
        ReferenceOptimizer reference = new ReferenceOptimizer(LEARNED.optimizer(), (int) graph.numParams());
        for (int t = 0; t < STEPS; t++) {
            DataSet batch = TinyModels.batch(t);
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.computeGradientAndScore();
            float[] gradient = meanOverBatch(graph.gradient().gradient(), batch);
            float[] before = graph.params().toFloatVector();
            graph.fit(batch);
            assertStepTaken(before, reference.step(gradient), graph.params().toFloatVector(), "step " + t);
        }
    }

    @Test
    void sameDiffTrainingConfig() {
        assertSameDiffTakesTheReferenceSteps(LEARNED);
    }

    /** SameDiff counts its own iterations; a warm-up reads them as a network's. */
    @Test
    void sameDiffTrainingConfigWithAWarmup() {
        assertSameDiffTakesTheReferenceSteps(WARM);
    }

    private static void assertSameDiffTakesTheReferenceSteps(LearnedUpdater learned) {
        SameDiff sd = TinyModels.sameDiff(learned);
        Map<String, ReferenceOptimizer> references = new HashMap<>();
        for (String v : TinyModels.SAME_DIFF_VARIABLES) {
            references.put(v, new ReferenceOptimizer(learned.optimizer(), (int) sd.getArrForVarName(v).length()));
        }
        for (int t = 0; t < STEPS; t++) {
            DataSet batch = TinyModels.batch(t);
            Map<String, INDArray> placeholders = Map.of("input", batch.getFeatures(), "label", batch.getLabels());
            Map<String, INDArray> gradients = sd.calculateGradients(placeholders, TinyModels.SAME_DIFF_VARIABLES);
            Map<String, float[]> before = new HashMap<>();
            for (String v : TinyModels.SAME_DIFF_VARIABLES) {
                before.put(v, sd.getArrForVarName(v).dup().ravel().toFloatVector());
            }
            sd.fit(batch);
            for (String v : TinyModels.SAME_DIFF_VARIABLES) {
                float[] step = references.get(v).step(gradients.get(v).ravel().toFloatVector());
                assertStepTaken(before.get(v), step, sd.getArrForVarName(v).ravel().toFloatVector(), v + " step " + t);
            }
        }
    }

    /**
     * DL4J layers return the gradient summed over the minibatch; the network's updater divides it by the batch
     * size before any GradientUpdater sees it.
     */
    private static float[] meanOverBatch(INDArray summedGradient, DataSet batch) {
        return summedGradient.div(batch.numExamples()).toFloatVector();
    }

    /** after = before + step, up to float rounding: max|Δ - step| ≤ 1e-5·max|step| + 1 ulp of the parameters. */
    private static void assertStepTaken(float[] before, float[] step, float[] after, String what) {
        double maxError = 0;
        double maxStep = 0;
        double maxParam = 0;
        for (int i = 0; i < before.length; i++) {
            maxError = Math.max(maxError, Math.abs((after[i] - before[i]) - step[i]));
            maxStep = Math.max(maxStep, Math.abs(step[i]));
            maxParam = Math.max(maxParam, Math.abs(after[i]));
        }
        assertTrue(maxStep > 1e-6, what + ": the optimizer took no step");
        double tolerance = 1e-5 * maxStep + Math.ulp((float) maxParam);
        assertTrue(maxError <= tolerance, what + ": max error " + maxError + " for steps up to " + maxStep);
        Nd4j.getMemoryManager().invokeGc();
    }
}
