package org.l2l4j.updater;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;

import java.util.Arrays;

/**
 * Names the layer and parameter behind an index into a network's flattened parameters, using the layout DL4J's
 * own updater works with (its updater blocks), so the answer matches the gradient views the updater was given.
 */
final class ParameterLocator {

    private ParameterLocator() {
    }

    static String describe(Model model, long parameterIndex) {
        BaseMultiLayerUpdater<?> updater = updaterOf(model);
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
                if (parameterIndex >= param.getParamOffsetStart() && parameterIndex < param.getParamOffsetEnd()) {
                    return "layer " + layerName(param.getLayer(), model instanceof MultiLayerNetwork) + ", parameter '" + param.getParamName() + "' of shape "
                            + Arrays.toString(param.getLayer().paramTable(false).get(param.getParamName()).shape())
                            + ", element "
                            + (parameterIndex - param.getParamOffsetStart()) + " in storage order";
                }
            }
        }
        throw new IllegalArgumentException("flattened parameter " + parameterIndex + " is not in "
                + model.getClass().getSimpleName() + " of " + model.numParams() + " parameters; pass the network"
                + " whose training threw the exception");
    }

    private static BaseMultiLayerUpdater<?> updaterOf(Model model) {
        Updater updater;
        if (model instanceof MultiLayerNetwork net) {
            updater = net.getUpdater();
        } else if (model instanceof ComputationGraph graph) {
            updater = graph.getUpdater();
        } else {
            throw new IllegalArgumentException("can name parameters of a MultiLayerNetwork or ComputationGraph, not a "
                    + model.getClass().getName());
        }
        if (updater instanceof BaseMultiLayerUpdater<?> blocks) {
            return blocks;
        }
        throw new IllegalArgumentException("the network's updater " + updater.getClass().getName()
                + " does not expose DL4J's updater blocks");
    }

    /** A MultiLayerNetwork's layers are known by their index, a ComputationGraph's by their vertex name. */
    private static String layerName(Trainable layer, boolean byIndex) {
        String name = "'" + layer.getConfig().getLayerName() + "'";
        return byIndex && layer instanceof Layer indexed ? indexed.getIndex() + " (" + name + ")" : name;
    }
}
