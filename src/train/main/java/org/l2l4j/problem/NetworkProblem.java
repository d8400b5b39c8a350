package org.l2l4j.problem;

import org.l2l4j.data.MnistSplit;
import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.OffHeapFloats;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Any DL4J image classifier ({@link NetworkModel}) as an optimizee. θ is the network's flattened parameter
 * view, θ_0 the network's own initialisation seeded with the run's seed, the loss and gradient DL4J's own
 * (see {@link NetworkLossEvaluator} for the gradient's scaling). Minibatches are drawn uniformly at random
 * from one split, exactly as {@link MlpProblem} draws them; the final metrics are computed on another split
 * (or the same), so a problem can train on the training split and be judged on the held-out test split.
 */
public final class NetworkProblem implements Problem {

    private static final int EVALUATION_CHUNK = 1000;

    private final NetworkModel model;
    private final MnistSplit batchesFrom;
    private final MnistSplit evaluatedOn;
    private final int batchSize;
    private final int side;
    private final int classes;
    /** Reused by every {@link #finalMetrics} call: a new network's first passes are slow while DL4J sizes its workspaces. */
    private NetworkInstance evaluationNetwork;

    /**
     * @param batchesFrom the split minibatches are drawn from
     * @param evaluatedOn the split {@link #finalMetrics} is computed on, with images of the same size
     */
    public NetworkProblem(NetworkModel model, MnistSplit batchesFrom, MnistSplit evaluatedOn, int batchSize, int classes) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        side = batchesFrom.side();
        if (evaluatedOn.side() != side) {
            throw new IllegalArgumentException("the evaluation images are " + evaluatedOn.side() + " pixels wide, the"
                    + " training ones " + side);
        }
        model.checkFits(side, classes);
        this.model = model;
        this.batchesFrom = batchesFrom;
        this.evaluatedOn = evaluatedOn;
        this.batchSize = batchSize;
        this.classes = classes;
    }

    public NetworkModel model() {
        return model;
    }

    @Override
    public String describe() {
        return model.name() + ", batch " + batchSize;
    }

    @Override
    public int parameterCount() {
        return model.parameterCount();
    }

    @Override
    public float[] initialParameters(long seed) {
        return model.instantiate(seed).parameters().toFloatVector();
    }

    @Override
    public BatchSource batches(long seed) {
        SplittableRandom random = new SplittableRandom(~seed);
        float[][] images = batchesFrom.images();
        int[] labels = batchesFrom.labels();
        float[] x = new float[batchSize * side * side];
        float[] y = new float[batchSize * classes];
        Batch batch = new Batch(Map.of("x", x, "labels", y));
        InputLayout layout = model.layout();
        return () -> {
            Arrays.fill(y, 0f);
            for (int b = 0; b < batchSize; b++) {
                int example = random.nextInt(batchesFrom.size());
                layout.write(images[example], side, x, b);
                y[b * classes + labels[example]] = 1f;
            }
            return batch;
        };
    }

    @Override
    public LossEvaluator evaluator() {
        return new NetworkLossEvaluator(model, batchSize, side, classes);
    }

    /** Cross-entropy and accuracy over every example of the evaluation split, in inference mode. */
    @Override
    public synchronized FinalMetrics finalMetrics(float[] theta, long seed) {
        if (evaluationNetwork == null) {
            evaluationNetwork = model.instantiate(0);
        }
        NetworkInstance network = evaluationNetwork;
        OffHeapFloats.of(network.parameters(), "parameters").put(0, theta, 0, theta.length);
        int examples = evaluatedOn.size();
        float[] x = null;
        INDArray features = null;
        FloatSegments featureFloats = null;
        double lossSum = 0;
        int correct = 0;
        for (int start = 0; start < examples; start += EVALUATION_CHUNK) {
            int count = Math.min(EVALUATION_CHUNK, examples - start);
            if (x == null || count * side * side != x.length) {
                x = new float[count * side * side];
                features = Nd4j.create(DataType.FLOAT, model.layout().shape(count, side));
                featureFloats = OffHeapFloats.of(features, "features");
            }
            for (int b = 0; b < count; b++) {
                model.layout().write(evaluatedOn.images()[start + b], side, x, b);
            }
            featureFloats.put(0, x, 0, x.length);
            INDArray output = network.output(features);
            float[] probabilities = output.reshape(output.length()).toFloatVector();
            for (int b = 0; b < count; b++) {
                int label = evaluatedOn.labels()[start + b];
                int predicted = 0;
                for (int c = 1; c < classes; c++) {
                    if (probabilities[b * classes + c] > probabilities[b * classes + predicted]) {
                        predicted = c;
                    }
                }
                correct += predicted == label ? 1 : 0;
                lossSum -= Math.log(Math.max(probabilities[b * classes + label], Float.MIN_NORMAL));
            }
        }
        return new FinalMetrics(lossSum / examples, (double) correct / examples);
    }
}
