package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A network whose optimizer state cannot exist is refused before anything is allocated, with what it needs. */
class StateBudgetTest {

    /**
     * 784-40000-10: its first weight matrix alone has 31.4 million parameters, 2.5 billion floats of state, past
     * DL4J's int-indexed updater state. DL4J asks for the state size of each parameter array.
     */
    @Test
    void aNetworkBeyondDl4jsUpdaterStateIndexIsRefusedAtItsFirstFitWithTheSizeItNeeds() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.ZERO) // the values do not matter here, and zeros are quick to make
                .updater(LearnedUpdater.pretrained("paper-mnist")) // 80 floats a parameter: past the index sooner
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(40_000).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(40_000).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        long parameters = 784L * 40_000;
        DataSet batch = new DataSet(Nd4j.zeros(DataType.FLOAT, 2, 784), Nd4j.zeros(DataType.FLOAT, 2, 10));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> net.fit(batch));
        String message = refused.getMessage();
        assertTrue(message.contains("needs " + parameters * 80 + " floats"), message);
        assertTrue(message.contains(parameters + " parameters"), message);
        assertTrue(message.contains("at most " + Integer.MAX_VALUE + " floats"), message);
        assertTrue(message.contains("smaller network"), message);
    }

    @Test
    void aBlockLargerThanTheOffHeapLimitIsRefusedWithBothSizes() {
        long parameters = 20_000_000;
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> StateBudget.floatsFor(parameters, 80, 1L << 30));
        String message = refused.getMessage();
        // 1.6e9 floats are 5.96 GiB, against a limit of 1 GiB
        assertTrue(message.contains("needs 1600000000 floats (5.96 GiB)"), message);
        assertTrue(message.contains("more than the 1.00 GiB"), message);
        assertTrue(message.contains("-Dorg.bytedeco.javacpp.maxbytes"), message);
    }

    @Test
    void aBlockWithinBothLimitsGetsItsStateSize() {
        assertEquals(15_910L * 80, StateBudget.floatsFor(15_910, 80, 1L << 30));
        assertEquals(15_910L * 80, LearnedUpdater.pretrained("paper-mnist").stateSize(15_910));
        assertEquals(15_910L * 35, LearnedUpdater.pretrained("general").stateSize(15_910));
    }
}
