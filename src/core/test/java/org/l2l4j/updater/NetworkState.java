package org.l2l4j.updater;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Everything a training step can change in a network: its parameters (batch-norm statistics are parameters), the
 * whole updater state of every layer, and the iteration count the updaters read (Adam's bias correction).
 */
record NetworkState(float[] params, float[] updaterState, int iteration) {

    static NetworkState of(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return new NetworkState(net.params().toFloatVector(), net.getUpdater().getStateViewArray().toFloatVector(),
                    net.getIterationCount());
        }
        ComputationGraph graph = (ComputationGraph) model;
        return new NetworkState(graph.params().toFloatVector(), graph.getUpdater().getStateViewArray().toFloatVector(),
                graph.getIterationCount());
    }

    void assertEqualTo(NetworkState actual, String when) {
        assertArrayEquals(params, actual.params, "parameters " + when);
        assertArrayEquals(updaterState, actual.updaterState, "updater state " + when);
        assertEquals(iteration, actual.iteration, "iteration count " + when);
    }
}
