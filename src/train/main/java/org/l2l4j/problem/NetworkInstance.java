package org.l2l4j.problem;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One initialised DL4J network, either kind, behind the few calls an optimizee needs. */
final class NetworkInstance {

    private final MultiLayerNetwork multiLayer;
    private final ComputationGraph graph;

    NetworkInstance(MultiLayerNetwork multiLayer) {
        this.multiLayer = multiLayer;
        this.graph = null;
    }

    NetworkInstance(ComputationGraph graph) {
        this.multiLayer = null;
        this.graph = graph;
    }

    Model model() {
        return multiLayer != null ? multiLayer : graph;
    }

    /** The flattened parameter view: writing into it changes the network's parameters. */
    INDArray parameters() {
        return model().params();
    }

    /** The flattened gradient view that {@link #computeGradientAndScore} fills, created on first use. */
    INDArray gradients() {
        INDArray view = multiLayer != null ? multiLayer.getGradientsViewArray() : graph.getGradientsViewArray();
        if (view == null) {
            if (multiLayer != null) {
                multiLayer.initGradientsView();
            } else {
                graph.initGradientsView();
            }
            view = multiLayer != null ? multiLayer.getGradientsViewArray() : graph.getGradientsViewArray();
        }
        return view;
    }

    /** Forward and backward on one minibatch; returns DL4J's score (the loss averaged over the minibatch). */
    double computeGradientAndScore(INDArray features, INDArray labels) {
        if (multiLayer != null) {
            multiLayer.setInput(features);
            multiLayer.setLabels(labels);
            multiLayer.computeGradientAndScore();
            return multiLayer.score();
        }
        graph.setInputs(features);
        graph.setLabels(labels);
        graph.computeGradientAndScore();
        return graph.score();
    }

    /** The network's output in inference mode. */
    INDArray output(INDArray features) {
        return multiLayer != null ? multiLayer.output(features, false) : graph.output(false, features)[0];
    }
}
