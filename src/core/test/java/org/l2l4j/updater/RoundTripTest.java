package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * Configurations survive JSON, and training interrupted by a save and restore continues bit for bit as if it
 * had never stopped, because the optimizer's state lives in DL4J's own updater state.
 */
class RoundTripTest {

    private static final int BEFORE_SAVE = 3;
    private static final int AFTER_RESTORE = 3;
    private static final LearnedUpdater LEARNED = LearnedUpdater.randomInit(21);

    @TempDir
    Path dir;

    @Test
    void jsonRoundTripGivesEqualConfigurations() {
        MultiLayerConfiguration conf = TinyModels.multiLayer(LEARNED, new Adam(0.01));
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        IUpdater updater = restored.getConf(0).getLayer().getUpdaterByParam("W");
        assertEquals(LEARNED, updater);
        assertNotSame(LEARNED, updater);
        assertEquals(LEARNED.optimizer(), ((LearnedUpdater) updater).optimizer());

        ComputationGraphConfiguration graph = TinyModels.graph(LEARNED);
        assertEquals(graph, ComputationGraphConfiguration.fromJson(graph.toJson()));
    }

    @Test
    void theNonFiniteGradientPolicyIsPartOfTheConfiguration() {
        LearnedUpdater skipping = LEARNED.onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP);
        assertEquals(NonFiniteGradientPolicy.THROW, LEARNED.nonFiniteGradientPolicy(), "the default");
        assertEquals(NonFiniteGradientPolicy.SKIP_STEP, skipping.nonFiniteGradientPolicy());
        assertNotEquals(LEARNED, skipping);
        assertEquals(LEARNED, skipping.onNonFiniteGradient(NonFiniteGradientPolicy.THROW));
        assertEquals(LEARNED.hashCode(), skipping.onNonFiniteGradient(NonFiniteGradientPolicy.THROW).hashCode());

        MultiLayerConfiguration conf = TinyModels.multiLayer(skipping, new Adam(0.01));
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        assertEquals(skipping, restored.getConf(2).getLayer().getUpdaterByParam("W"));
        assertNotEquals(TinyModels.multiLayer(LEARNED, new Adam(0.01)), restored);
    }

    /** JSON written before the policy existed has no such field and must still load, with the default. */
    @Test
    void configurationsWithoutThePolicyFieldGetThrow() {
        String json = TinyModels.multiLayer(LEARNED, new Adam(0.01)).toJson();
        String withoutPolicy = json.replaceAll(",\\s*\"onNonFiniteGradient\"\\s*:\\s*\"THROW\"", "");
        assertNotEquals(json, withoutPolicy, "the field was present and has been removed");
        IUpdater updater = MultiLayerConfiguration.fromJson(withoutPolicy).getConf(0).getLayer().getUpdaterByParam("W");
        assertEquals(LEARNED, updater);
    }

    /** A restored network keeps skipping bad steps rather than throwing. */
    @Test
    void theSkipPolicySurvivesModelSerializer() throws IOException {
        LearnedUpdater skipping = LEARNED.onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP);
        MultiLayerNetwork net = new MultiLayerNetwork(TinyModels.multiLayer(skipping, skipping));
        net.init();
        net.fit(TinyModels.batch(0));
        File file = dir.resolve("skipping.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(skipping, restored.getLayer(0).conf().getLayer().getUpdaterByParam("W"));

        NaNInjector injector = new NaNInjector("2_b", 1);
        restored.setListeners(injector);
        float[] paramsBefore = restored.params().toFloatVector();
        injector.armForNextStep();
        restored.fit(TinyModels.batch(1));
        assertArrayEquals(paramsBefore, restored.params().toFloatVector());
    }

    /** The middle layer uses Adam, so the learned optimizer runs as two blocks, one at an offset in the state. */
    @Test
    void multiLayerNetworkResumesBitForBitAfterModelSerializer() throws IOException {
        assertMultiLayerNetworkResumesBitForBit(TinyModels.multiLayer(LEARNED, new Adam(0.01)));
    }

    /**
     * Saved in the middle of its warm-ups, a network goes on with them where it stopped: DL4J saves its
     * iteration count with the configuration, and the warm-ups read it.
     */
    @Test
    void aWarmupGoesOnWhereItStoppedAfterModelSerializer() throws IOException {
        LearnedUpdater warm = new LearnedUpdater(LearnedOptimizer.randomInit(
                OptimizerShape.GENERAL.withWarmup(BEFORE_SAVE + AFTER_RESTORE).withShareWarmup(BEFORE_SAVE + 1), 3));
        assertMultiLayerNetworkResumesBitForBit(TinyModels.multiLayer(warm, warm));
    }

    /**
     * Trains {@code conf} for BEFORE_SAVE steps, saves and restores it with ModelSerializer, trains AFTER_RESTORE
     * more, and checks parameters and updater state against a network trained without the interruption.
     */
    private void assertMultiLayerNetworkResumesBitForBit(MultiLayerConfiguration conf) throws IOException {
        MultiLayerNetwork uninterrupted = new MultiLayerNetwork(conf.clone());
        uninterrupted.init();
        train(uninterrupted, 0, BEFORE_SAVE + AFTER_RESTORE);

        MultiLayerNetwork first = new MultiLayerNetwork(conf.clone());
        first.init();
        train(first, 0, BEFORE_SAVE);
        File file = dir.resolve("mln.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(BEFORE_SAVE, restored.getIterationCount(), "the iteration count, which a warm-up reads");
        train(restored, BEFORE_SAVE, AFTER_RESTORE);

        assertArrayEquals(uninterrupted.params().toFloatVector(), restored.params().toFloatVector());
        assertArrayEquals(uninterrupted.getUpdater().getStateViewArray().toFloatVector(),
                restored.getUpdater().getStateViewArray().toFloatVector());
    }

    @Test
    void computationGraphResumesBitForBitAfterModelSerializer() throws IOException {
        ComputationGraphConfiguration conf = TinyModels.graph(LEARNED);
        ComputationGraph uninterrupted = new ComputationGraph(conf.clone());
        uninterrupted.init();
        train(uninterrupted, 0, BEFORE_SAVE + AFTER_RESTORE);

        ComputationGraph first = new ComputationGraph(conf.clone());
        first.init();
        train(first, 0, BEFORE_SAVE);
        File file = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        train(restored, BEFORE_SAVE, AFTER_RESTORE);

        assertArrayEquals(uninterrupted.params().toFloatVector(), restored.params().toFloatVector());
        assertArrayEquals(uninterrupted.getUpdater().getStateViewArray().toFloatVector(),
                restored.getUpdater().getStateViewArray().toFloatVector());
    }

    @Test
    void sameDiffResumesBitForBitAfterSaveAndLoad() {
        SameDiff uninterrupted = TinyModels.sameDiff(LEARNED);
        trainSameDiff(uninterrupted, 0, BEFORE_SAVE + AFTER_RESTORE);

        SameDiff first = TinyModels.sameDiff(LEARNED);
        trainSameDiff(first, 0, BEFORE_SAVE);
        File file = dir.resolve("model.sd").toFile();
        first.save(file, true);
        SameDiff restored = SameDiff.load(file, true);
        assertEquals(LEARNED, restored.getTrainingConfig().getUpdater());
        trainSameDiff(restored, BEFORE_SAVE, AFTER_RESTORE);

        for (String v : TinyModels.SAME_DIFF_VARIABLES) {
            assertArrayEquals(uninterrupted.getArrForVarName(v).ravel().toFloatVector(),
                    restored.getArrForVarName(v).ravel().toFloatVector(), v);
        }
    }

    private static void train(MultiLayerNetwork net, int firstBatch, int steps) {
        for (int t = firstBatch; t < firstBatch + steps; t++) {
            net.fit(TinyModels.batch(t));
        }
    }

    private static void train(ComputationGraph graph, int firstBatch, int steps) {
        for (int t = firstBatch; t < firstBatch + steps; t++) {
            graph.fit(TinyModels.batch(t));
        }
    }

    private static void trainSameDiff(SameDiff sd, int firstBatch, int steps) {
        for (int t = firstBatch; t < firstBatch + steps; t++) {
            sd.fit(TinyModels.batch(t));
        }
    }
}
