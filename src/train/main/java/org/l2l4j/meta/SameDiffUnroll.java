package org.l2l4j.meta;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerGraph;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.PhiTensor;
import org.l2l4j.problem.Batch;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.SameDiffLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One truncation of meta-training through the unrolled SameDiff graph ({@link UnrolledGraph}) that defines it:
 * slow, for checking the fast path end to end and for optimizees that exist only as SameDiff graphs.
 *
 * <p>The graph takes the optimizee gradients ∇_t as inputs (the paper's first-order meta-gradient), and ∇_t
 * depends on θ_t, which depends on the steps before it. So a forward pass records them first, in SameDiff as
 * well: ∇_t is SameDiff's gradient of the problem's {@link SameDiffLoss}, and each step is {@link OptimizerGraph}'s.
 * The unrolled graph then gives the meta-loss, its gradient in φ, and the θ and LSTM state the run continues from.
 * Every array of the forward pass is allocated once per engine.
 */
public final class SameDiffUnroll implements TruncationEngine {

    private static final DataType TYPE = DataType.FLOAT;
    private static final String THETA = "theta";
    private static final List<String> THETA_GRADIENT = List.of(THETA);
    private static final String GRADIENT = "gradient";
    private static final String STEP_INDEX = "step_index";
    private static final String[] STATE_PARTS = {"h1", "c1", "h2", "c2", "moments"};

    private final SameDiffLoss loss;
    private final OptimizerShape shape;
    private final int unroll;
    private final int n;
    /** The widths of the state's parts h1, c1, h2, c2 and any moments ({@link OptimizerGraph#partWidths}). */
    private final int[] partWidths;
    /** f(θ, batch) with θ a variable, for ∇_θ f. */
    private final SameDiff lossGraph;
    private final String lossName;
    private final List<String> lossOutput;
    private final INDArray theta;
    /** One optimizer step: φ variables; the gradient and the state's parts as placeholders. */
    private final SameDiff stepGraph;
    private final Map<PhiTensor, SDVariable> stepPhi;
    private final List<String> stepOutputs;
    private final UnrolledGraph graph;
    private final Map<String, INDArray> lossInputs = new HashMap<>();
    private final Map<String, INDArray> stepInputs = new HashMap<>();
    private final INDArray[] initialState;
    /** The run's state at the truncation's start, coordinate-major ([N, width] row-major) as the graphs take it. */
    private final float[][] state0;
    private final float[] theta0;
    private final float[][] gradients;
    /** Copies of the truncation's batches: a batch source may reuse its arrays for the next batch. */
    private final List<Batch> batches = new ArrayList<>();

    /** @throws IllegalArgumentException if the problem has no SameDiff loss */
    public SameDiffUnroll(Problem problem, OptimizerShape shape, int unroll) {
        this.loss = sameDiffLoss(problem);
        this.shape = shape;
        this.unroll = unroll;
        this.n = problem.parameterCount();
        this.partWidths = OptimizerGraph.partWidths(shape);

        lossGraph = SameDiff.create();
        SDVariable thetaVariable = lossGraph.var(THETA, Nd4j.create(TYPE, n, 1));
        Map<String, SDVariable> batchPlaceholders = new HashMap<>();
        for (var entry : loss.batchShapes().entrySet()) {
            batchPlaceholders.put(entry.getKey(), lossGraph.placeHolder(entry.getKey(), TYPE, entry.getValue()));
            lossInputs.put(entry.getKey(), Nd4j.create(TYPE, entry.getValue()));
        }
        lossName = loss.loss(lossGraph, thetaVariable, batchPlaceholders).name();
        lossGraph.setLossVariables(lossName);
        lossOutput = List.of(lossName);
        theta = thetaVariable.getArr();

        stepGraph = SameDiff.create();
        LearnedOptimizer placeholderPhi = LearnedOptimizer.randomInit(shape, 0); // replaced by every unroll's φ
        stepPhi = OptimizerGraph.variables(stepGraph, placeholderPhi, "phi_", TYPE);
        SDVariable[] state = new SDVariable[partWidths.length];
        initialState = new INDArray[partWidths.length];
        for (int i = 0; i < state.length; i++) {
            state[i] = stepGraph.placeHolder(STATE_PARTS[i], TYPE, n, partWidths[i]);
            initialState[i] = Nd4j.create(TYPE, n, partWidths[i]);
        }
        OptimizerGraph.Step step = OptimizerGraph.step(stepGraph, shape, stepPhi,
                stepGraph.placeHolder(GRADIENT, TYPE, n, 1), OptimizerGraph.State.of(state),
                shape.hasWarmup() ? stepGraph.placeHolder(STEP_INDEX, TYPE) : null);
        List<String> outputs = new ArrayList<>(List.of(step.step().name()));
        for (SDVariable part : step.next().parts()) {
            outputs.add(part.name());
        }
        stepOutputs = List.copyOf(outputs);

        graph = new UnrolledGraph(loss, placeholderPhi, unroll, TYPE);
        state0 = new float[partWidths.length][];
        for (int i = 0; i < partWidths.length; i++) {
            state0[i] = new float[n * partWidths[i]];
        }
        theta0 = new float[n];
        gradients = new float[unroll][n];
        for (int t = 0; t <= unroll; t++) {
            Map<String, float[]> arrays = new HashMap<>();
            loss.batchShapes().forEach((name, dims) -> arrays.put(name, new float[Math.toIntExact(size(dims))]));
            batches.add(new Batch(arrays));
        }
    }

    /** The problem's SameDiff loss, or a clear refusal. */
    static SameDiffLoss sameDiffLoss(Problem problem) {
        if (problem instanceof SameDiffLoss sameDiffLoss) {
            return sameDiffLoss;
        }
        throw new IllegalArgumentException("the SameDiff engine needs the optimizee's loss as a SameDiff graph, and "
                + problem.describe() + " has none (it does not implement SameDiffLoss): meta-train it with the fast"
                + " engine");
    }

    @Override
    public int stateRows() {
        return shape.stateSize();
    }

    @Override
    public Result unroll(LearnedOptimizer phi, RunState run, boolean withGradient) {
        if (!phi.shape().equals(shape)) {
            throw new IllegalArgumentException("this unroll was built for " + shape + ", not " + phi.shape());
        }
        for (PhiTensor t : PhiTensor.values()) {
            stepPhi.get(t).getArr().assign(OptimizerGraph.tensorArray(phi, t, TYPE));
        }
        graph.setPhi(phi);
        System.arraycopy(run.theta, 0, theta0, 0, n);
        theta.data().setData(run.theta);
        for (int part = 0, first = 0; part < partWidths.length; first += partWidths[part], part++) {
            int width = partWidths[part];
            for (int u = 0; u < width; u++) {
                float[] row = run.lstmState[first + u];
                for (int b = 0; b < n; b++) {
                    state0[part][b * width + u] = row[b];
                }
            }
            initialState[part].data().setData(state0[part]);
            stepInputs.put(STATE_PARTS[part], initialState[part]);
        }

        double[] losses = new double[unroll + 1];
        for (int t = 0; t <= unroll; t++) {
            Batch batch = batches.get(t);
            run.batches.next().arrays().forEach((name, values) -> {
                System.arraycopy(values, 0, batch.get(name), 0, values.length);
                lossInputs.get(name).data().setData(values);
            });
            if (t == unroll) {
                losses[t] = lossGraph.output(lossInputs, lossOutput).get(lossName).getDouble(0);
                break;
            }
            OutAndGrad lossAndGradient = lossGraph.calculateGradientsAndOutputs(lossInputs, lossOutput, THETA_GRADIENT);
            losses[t] = lossAndGradient.getOutputs().get(lossName).getDouble(0);
            INDArray gradient = lossAndGradient.getGradients().get(THETA);
            copy(gradient, gradients[t]);
            stepInputs.put(GRADIENT, gradient);
            if (shape.hasWarmup()) {
                stepInputs.put(STEP_INDEX, Nd4j.scalar((float) (run.steps + t)));
            }
            Map<String, INDArray> stepped = stepGraph.output(stepInputs, stepOutputs);
            theta.addi(stepped.get(stepOutputs.get(0)));
            for (int part = 0; part < partWidths.length; part++) {
                stepInputs.put(STATE_PARTS[part], stepped.get(stepOutputs.get(part + 1)));
            }
        }

        UnrolledGraph.Result result = graph.run(theta0, state0, gradients, batches, run.steps, withGradient);
        run.steps += unroll;
        double[] finalTheta = result.finalTheta();
        for (int b = 0; b < n; b++) {
            run.theta[b] = (float) finalTheta[b];
        }
        for (int part = 0, first = 0; part < partWidths.length; first += partWidths[part], part++) {
            double[] values = result.finalState()[part];
            int width = partWidths[part];
            for (int u = 0; u < width; u++) {
                float[] row = run.lstmState[first + u];
                for (int b = 0; b < n; b++) {
                    row[b] = (float) values[b * width + u];
                }
            }
        }
        return new Result(result.metaLoss(), losses, result.phiGradient());
    }

    private static void copy(INDArray array, float[] target) {
        array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get((int) array.offset(), target);
    }

    private static long size(long[] dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        return size;
    }
}
