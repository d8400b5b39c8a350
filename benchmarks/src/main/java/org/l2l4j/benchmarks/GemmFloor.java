package org.l2l4j.benchmarks;

import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arithmetic floor of one learned-optimizer step over N coordinates: its three matrix products (layer 1
 * [N, inputs+hidden]·[inputs+hidden, 4·hidden], layer 2 [N, 2·hidden]·[2·hidden, 4·hidden], output
 * [N, hidden]·[hidden, outputs]) as {@code Nd4j.gemm} into preallocated outputs, with no gate math at all.
 */
final class GemmFloor {

    private final INDArray layer1In;
    private final INDArray layer1Weights;
    private final INDArray layer1Out;
    private final INDArray layer2In;
    private final INDArray layer2Weights;
    private final INDArray layer2Out;
    private final INDArray outputIn;
    private final INDArray outputWeights;
    private final INDArray output;

    GemmFloor(OptimizerShape shape, int coordinates) {
        int h = shape.hiddenSize();
        int g = shape.gateWidth();
        layer1In = Nd4j.rand(DataType.FLOAT, coordinates, shape.inputSize() + h);
        layer1Weights = Nd4j.rand(DataType.FLOAT, shape.inputSize() + h, g);
        layer1Out = Nd4j.create(DataType.FLOAT, coordinates, g);
        layer2In = Nd4j.rand(DataType.FLOAT, coordinates, 2 * h);
        layer2Weights = Nd4j.rand(DataType.FLOAT, 2 * h, g);
        layer2Out = Nd4j.create(DataType.FLOAT, coordinates, g);
        outputIn = Nd4j.rand(DataType.FLOAT, coordinates, h);
        outputWeights = Nd4j.rand(DataType.FLOAT, h, shape.outputCount());
        output = Nd4j.create(DataType.FLOAT, coordinates, shape.outputCount());
    }

    INDArray run() {
        Nd4j.gemm(layer1In, layer1Weights, layer1Out, false, false, 1.0, 0.0);
        Nd4j.gemm(layer2In, layer2Weights, layer2Out, false, false, 1.0, 0.0);
        Nd4j.gemm(outputIn, outputWeights, output, false, false, 1.0, 0.0);
        return output;
    }

    /**
     * The products of one step's backward pass: for each layer the input gradient dZ·Wᵀ and the weight
     * gradient Xᵀ·dZ (the gate pre-activation gradients dZ take the place of the forward outputs).
     */
    INDArray runBackward() {
        Nd4j.gemm(layer1Out, layer1Weights, layer1In, false, true, 1.0, 0.0);
        Nd4j.gemm(layer1In, layer1Out, layer1Weights, true, false, 1.0, 0.0);
        Nd4j.gemm(layer2Out, layer2Weights, layer2In, false, true, 1.0, 0.0);
        Nd4j.gemm(layer2In, layer2Out, layer2Weights, true, false, 1.0, 0.0);
        return layer2Weights;
    }
}
