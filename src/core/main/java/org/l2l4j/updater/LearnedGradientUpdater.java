package org.l2l4j.updater;

import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.StepKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;

/**
 * Applies the learned optimizer to one block of parameters. Its only state is the LSTM state of each
 * coordinate, kept in the view of DL4J's updater state array that DL4J hands over, never in a copy: DL4J
 * saves and restores that array, so restored training continues exactly.
 */
public final class LearnedGradientUpdater implements GradientUpdater<LearnedUpdater> {

    /** The key of the LSTM state in {@link #getState()}, as SameDiff saves it. */
    public static final String STATE_KEY = "lstmState";

    private static final Logger LOG = LoggerFactory.getLogger(LearnedGradientUpdater.class);
    private static final int SCAN_TILE = 4096;
    /** Returned by the scan when every gradient value is finite. */
    private static final long ALL_FINITE = -1;

    private final LearnedUpdater config;
    private final StepKernel kernel;
    private final float[] scan = new float[SCAN_TILE];
    private INDArray state;
    private FloatBoundary boundary;

    LearnedGradientUpdater(LearnedUpdater config) {
        this.config = config;
        this.kernel = new StepKernel(config.optimizer(), StepKernel.Output.UPDATE_TO_SUBTRACT);
    }

    @Override
    public LearnedUpdater getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        INDArray lstmState = stateMap == null ? null : stateMap.get(STATE_KEY);
        if (lstmState == null) {
            throw new IllegalArgumentException("LearnedUpdater state needs the array '" + STATE_KEY + "', got "
                    + (stateMap == null ? "no state" : stateMap.keySet())
                    + "; the model was saved with a different updater");
        }
        setStateViewArray(lstmState, null, 'c', initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(STATE_KEY, state);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (viewArray.length() % kernel.stateSize() != 0) {
            throw new IllegalArgumentException("LearnedUpdater state has " + viewArray.length() + " floats, not a"
                    + " multiple of the " + kernel.stateSize() + " per parameter this optimizer keeps; the saved"
                    + " updater state belongs to a different optimizer shape");
        }
        boundary = new FloatBoundary(viewArray, kernel.stateSize());
        if (initialize) {
            viewArray.assign(0);
        }
        state = viewArray;
    }

    /** Replaces the gradient by the update DL4J subtracts from the parameters, and advances the state. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (gradient.length() != boundary.coordinates()) {
            throw new IllegalStateException("LearnedUpdater got a gradient of " + gradient.length() + " values but"
                    + " holds state for " + boundary.coordinates() + " parameters");
        }
        FloatSegments values = boundary.gradient(gradient);
        long bad = firstNonFinite(values);
        if (bad == ALL_FINITE) {
            // DL4J's iteration counts the network's minibatches from 0 across fit calls and survives saving, so a
            // warm-up happens once, at the start of training, and a restored network goes on where it stopped.
            boundary.step(kernel, values, iteration);
            boundary.writeBack(gradient, values);
            return;
        }
        values.get(bad, scan, 0, 1);
        float value = scan[0];
        // For a MultiLayerNetwork or ComputationGraph the gradient is a view of the network's flattened gradient,
        // so its offset is the block's first index in the flattened parameters.
        long parameterIndex = gradient.offset() + bad;
        String where = value + " gradient at iteration " + iteration + " for flattened parameter " + parameterIndex
                + " (element " + bad + " of a learned-updater block of " + values.length()
                + " parameters starting at flattened parameter " + gradient.offset() + ", updater state floats "
                + state.offset() + ".." + (state.offset() + state.length()) + ")";
        if (config.nonFiniteGradientPolicy() == NonFiniteGradientPolicy.SKIP_STEP) {
            LOG.warn("LearnedUpdater skipped a step of one block: {}; checked: this block's gradient only; left"
                    + " unchanged: this block's parameters and LSTM state. Other updater blocks (another layer's Adam,"
                    + " batch-normalization statistics) still take this step; NonFiniteStepGuard skips the whole"
                    + " network's step", where);
            fillWithZeros(values);
            boundary.writeBack(gradient, values);
            return;
        }
        throw new NonFiniteGradientException(where + "; checked: this block's gradient only. Left unchanged: this"
                + " block's LSTM state and, in a MultiLayerNetwork or ComputationGraph, every parameter (DL4J subtracts"
                + " the updates only after all updater blocks have run); updater blocks that ran before this one in"
                + " the step (another layer's Adam moments, an earlier learned block) may already have advanced their"
                + " state. NonFiniteGradientException.locatedIn(network) names the layer. Check the loss and the input"
                + " data for NaN/Inf; install NonFiniteStepGuard to check the whole network's gradient before any"
                + " updater runs, or configure LearnedUpdater.onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP)"
                + " to skip such steps", parameterIndex, iteration);
    }

    /** Scans every gradient value before any state changes, so a bad gradient can leave everything as it was. */
    private long firstNonFinite(FloatSegments values) {
        for (long start = 0; start < values.length(); start += SCAN_TILE) {
            int n = (int) Math.min(SCAN_TILE, values.length() - start);
            values.get(start, scan, 0, n);
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(scan[i])) {
                    return start + i;
                }
            }
        }
        return ALL_FINITE;
    }

    /** DL4J subtracts the update from the parameters: zero leaves them exactly as they were. */
    private void fillWithZeros(FloatSegments values) {
        Arrays.fill(scan, 0f);
        for (long start = 0; start < values.length(); start += SCAN_TILE) {
            values.put(start, scan, 0, (int) Math.min(SCAN_TILE, values.length() - start));
        }
    }
}
