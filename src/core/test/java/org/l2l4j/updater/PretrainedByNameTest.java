package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shipped optimizer is stored in configurations by name and version; configurations that carry its weights in
 * Base64, as every configuration did before names existed, load and train exactly the same.
 */
class PretrainedByNameTest {

    private static final int STEPS = 4;
    private static final LearnedUpdater NAMED = LearnedUpdater.pretrained("paper-mnist");

    @TempDir
    Path dir;

    @Test
    void theShippedFileReencodesByteForByte() throws IOException {
        byte[] resource = shippedBytes();
        assertArrayEquals(resource, LearnedOptimizer.fromBytes(resource, "test").toBytes());
        assertEquals(LearnedOptimizer.fromBytes(resource, "test"), NAMED.optimizer());
        byte[] general = resourceBytes(LearnedUpdater.GENERAL_RESOURCE);
        assertArrayEquals(general, LearnedOptimizer.fromBytes(general, "test").toBytes());
        assertEquals(LearnedUpdater.pretrained("general"), LearnedUpdater.pretrained(), "general is the default");
        assertEquals(OptimizerShape.PAPER_MNIST, NAMED.optimizer().shape());
    }

    /** A name means its newest version; a configuration that stored an older version keeps that version's file. */
    @Test
    void theGeneralOptimizerIsItsThirdVersionAndTheEarlierOnesStillLoadByReference() {
        byte[] third = resourceBytes(LearnedUpdater.GENERAL_3_RESOURCE);
        assertArrayEquals(third, LearnedOptimizer.fromBytes(third, "test").toBytes());
        LearnedUpdater general = LearnedUpdater.pretrained("general");
        assertEquals(LearnedOptimizer.fromBytes(third, "test"), general.optimizer());
        assertEquals(OptimizerShape.GENERAL.hiddenSize(), general.optimizer().shape().hiddenSize());
        assertEquals(50, general.optimizer().shape().nominal().warmupSteps());
        assertEquals(10, general.optimizer().shape().nominal().shareWarmupSteps());

        String json = TinyModels.multiLayer(general, general).toJson();
        assertTrue(json.contains("\"pretrained:general@3\""), json);
        String[] earlierResources = {LearnedUpdater.GENERAL_RESOURCE, LearnedUpdater.GENERAL_2_RESOURCE};
        for (int version = 1; version <= earlierResources.length; version++) {
            IUpdater loaded = MultiLayerConfiguration.fromJson(json.replace("pretrained:general@3",
                    "pretrained:general@" + version)).getConf(0).getLayer().getUpdaterByParam("W");
            byte[] file = resourceBytes(earlierResources[version - 1]);
            assertEquals(new LearnedUpdater(LearnedOptimizer.fromBytes(file, "test")), loaded, "general@" + version);
        }
    }

    @Test
    void aNamedOptimizerKeepsTheJsonSmallAndTrainsBitForBitAfterARoundTrip() {
        MultiLayerConfiguration named = TinyModels.multiLayer(NAMED, NAMED);
        String json = named.toJson();
        String base64Json = TinyModels.multiLayer(oldStyle(), oldStyle()).toJson();
        assertTrue(json.contains("\"pretrained:paper-mnist@1\""), "stored by name and version");
        assertTrue(json.length() * 10 < base64Json.length(),
                "named: " + json.length() + " characters, with the weights in Base64: " + base64Json.length());

        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(json);
        assertEquals(named, restored);
        assertEquals(NAMED, restored.getConf(0).getLayer().getUpdaterByParam("W"));
        assertArrayEquals(trainedParameters(named), trainedParameters(restored));
    }

    /** JSON saved with the weights of the shipped optimizer in Base64 loads to the same updater and behaves the same. */
    @Test
    void oldJsonWithTheWeightsInBase64LoadsAndTrainsIdentically() {
        String oldJson = TinyModels.multiLayer(oldStyle(), oldStyle()).toJson();
        assertTrue(oldJson.contains(Base64.getEncoder().encodeToString(NAMED.optimizer().toBytes())));
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(oldJson);
        IUpdater updater = restored.getConf(0).getLayer().getUpdaterByParam("W");
        assertEquals(NAMED, updater, "equal by value, however φ is stored");
        assertEquals(NAMED.hashCode(), updater.hashCode());
        assertArrayEquals(trainedParameters(TinyModels.multiLayer(NAMED, NAMED)), trainedParameters(restored));
    }

    @Test
    void unknownNamesAndVersionsAreRefusedWithTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LearnedUpdater.pretrained("paper-cifar"));
        assertTrue(e.getMessage().contains("'paper-cifar'") && e.getMessage().contains("paper-mnist"), e.getMessage());

        String json = TinyModels.multiLayer(NAMED, NAMED).toJson();
        for (String unknown : new String[]{"pretrained:paper-cifar@1", "pretrained:paper-mnist@2"}) {
            String edited = json.replace("pretrained:paper-mnist@1", unknown);
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> MultiLayerConfiguration.fromJson(edited));
            String message = rootMessage(thrown);
            assertTrue(message.contains(unknown.substring("pretrained:".length())) && message.contains("paper-mnist@1"),
                    message);
        }
    }

    @Test
    void theChoiceOfNameDoesNotChangeEqualityOrPolicy() {
        LearnedUpdater skipping = NAMED.onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP);
        assertNotEquals(NAMED, skipping);
        assertEquals(skipping, oldStyle().onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP));
        assertNotEquals(NAMED, LearnedUpdater.randomInit(1));
        IUpdater restored = MultiLayerConfiguration.fromJson(TinyModels.multiLayer(skipping, skipping).toJson())
                .getConf(0).getLayer().getUpdaterByParam("W");
        assertEquals(skipping, restored);
        assertTrue(restored.toString().contains("pretrained:paper-mnist@1"), restored.toString());
    }

    @Test
    void modelSerializerResumesANamedOptimizerBitForBit() throws IOException {
        MultiLayerConfiguration conf = TinyModels.multiLayer(NAMED, NAMED);
        MultiLayerNetwork uninterrupted = new MultiLayerNetwork(conf.clone());
        uninterrupted.init();
        fit(uninterrupted, 0, 2 * STEPS);

        MultiLayerNetwork first = new MultiLayerNetwork(conf.clone());
        first.init();
        fit(first, 0, STEPS);
        File file = dir.resolve("named.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(NAMED, restored.getLayer(0).conf().getLayer().getUpdaterByParam("W"));
        fit(restored, STEPS, STEPS);

        assertArrayEquals(uninterrupted.params().toFloatVector(), restored.params().toFloatVector());
        assertArrayEquals(uninterrupted.getUpdater().getStateViewArray().toFloatVector(),
                restored.getUpdater().getStateViewArray().toFloatVector());
    }

    /** The shipped optimizer as the configuration held it before names existed: its weights in Base64. */
    private static LearnedUpdater oldStyle() {
        return new LearnedUpdater(LearnedOptimizer.fromBytes(shippedBytes(), "the shipped optimizer"));
    }

    private static byte[] shippedBytes() {
        return resourceBytes(LearnedUpdater.PRETRAINED_RESOURCE);
    }

    private static byte[] resourceBytes(String resource) {
        try (InputStream in = PretrainedByNameTest.class.getResourceAsStream(resource)) {
            assertNotNull(in);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static float[] trainedParameters(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf.clone());
        net.init();
        fit(net, 0, STEPS);
        return net.params().toFloatVector();
    }

    private static void fit(MultiLayerNetwork net, int firstBatch, int steps) {
        for (int t = firstBatch; t < firstBatch + steps; t++) {
            net.fit(TinyModels.batch(t));
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }
}
