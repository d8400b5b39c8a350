package org.l2l4j.updater;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Applies a {@link NonFiniteGradientPolicy} to a whole {@link MultiLayerNetwork} or {@link ComputationGraph}: every
 * layer, whatever its updater (learned, Adam, SGD, the no-op updater of batch-normalization statistics).
 *
 * <p>{@link LearnedUpdater#onNonFiniteGradient} alone sees only the learned updater's own blocks: DL4J runs each
 * updater block in turn, so when the learned block finds a NaN, Adam layers before it have already advanced their
 * moments, and batch normalization's running mean and variance, which DL4J updates through the gradient with a
 * no-op updater, take the NaN at the parameter step. This guard checks the network's whole flattened gradient once
 * backpropagation is done and before any updater runs (DL4J calls {@code onGradientCalculation} exactly there), and
 * <ul>
 *   <li>THROW: throws {@link NonFiniteGradientException} right then, so nothing has changed: parameters (batch-norm
 *       statistics included), every updater's state and the iteration count are as before the step;</li>
 *   <li>SKIP_STEP: copies the parameters, the whole updater state and the iteration count, replaces the gradient by
 *       zeros so that no updater sees the bad values, lets DL4J finish the step, and at {@code iterationDone} puts
 *       all three back. The run then continues bit for bit as one that never saw the batch. Nothing else is
 *       restored: random numbers the forward pass drew (dropout, weight noise) are not given back, nor, with
 *       truncated backpropagation through time, the recurrent state carried into the next segment.</li>
 * </ul>
 *
 * <p>It must run before the other listeners, so that they see the restored network: use {@link #install}, which
 * puts it first. One guard watches one network. Not for {@code ParallelWrapper}'s {@code SHARED_GRADIENTS} mode,
 * whose gradient accumulator sends each update to the other workers before {@code iterationDone}.
 */
public final class NonFiniteStepGuard extends BaseTrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(NonFiniteStepGuard.class);

    private final NonFiniteGradientPolicy policy;
    private Model watched;
    private Snapshot pendingRestore;
    private INDArray count;
    private long skippedSteps;

    public NonFiniteStepGuard(NonFiniteGradientPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("the non-finite gradient policy must be THROW or SKIP_STEP, got null");
        }
        this.policy = policy;
    }

    /** Adds a new guard with {@code policy} to {@code net}, ahead of its other listeners, and returns it. */
    public static NonFiniteStepGuard install(MultiLayerNetwork net, NonFiniteGradientPolicy policy) {
        return install(net, net.getListeners(), policy);
    }

    /** Adds a new guard with {@code policy} to {@code graph}, ahead of its other listeners, and returns it. */
    public static NonFiniteStepGuard install(ComputationGraph graph, NonFiniteGradientPolicy policy) {
        return install(graph, graph.getListeners(), policy);
    }

    private static NonFiniteStepGuard install(Model model, Collection<TrainingListener> current,
                                              NonFiniteGradientPolicy policy) {
        NonFiniteStepGuard guard = new NonFiniteStepGuard(policy);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(guard);
        if (current != null) {
            listeners.addAll(current);
        }
        model.setListeners(listeners);
        return guard;
    }

    public NonFiniteGradientPolicy policy() {
        return policy;
    }

    /** How many steps this guard has skipped. */
    public long skippedSteps() {
        return skippedSteps;
    }

    @Override
    public void onGradientCalculation(Model model) {
        checkWatched(model);
        INDArray gradient = model.getGradientsViewArray();
        if (gradient == null) {
            throw new IllegalStateException("NonFiniteStepGuard found no flattened gradient on the "
                    + model.getClass().getSimpleName() + "; it guards a MultiLayerNetwork or ComputationGraph being"
                    + " trained with fit()");
        }
        long nonFinite = countNonFinite(gradient);
        if (nonFinite == 0) {
            return;
        }
        long first = firstNonFinite(gradient);
        double value = gradient.getDouble(first);
        int iteration = iterationCount(model);
        INDArray updaterState = updaterState(model);
        long stateFloats = updaterState == null ? 0 : updaterState.length();
        String found = value + " gradient at iteration " + iteration + " for flattened parameter " + first + " ("
                + nonFinite + " of the network's " + gradient.length() + " gradient values are NaN or infinite;"
                + " NonFiniteStepGuard checked all of them after backpropagation, before any updater ran)";
        String unchanged = "every parameter (batch-normalization statistics included), the whole updater state ("
                + stateFloats + " values, every layer's updater) and the iteration count";
        if (policy == NonFiniteGradientPolicy.THROW) {
            throw new NonFiniteGradientException(found + "; left unchanged: " + unchanged
                    + ". NonFiniteGradientException.locatedIn(network) names the layer. Check the loss and the input"
                    + " data for NaN/Inf, or install NonFiniteStepGuard with NonFiniteGradientPolicy.SKIP_STEP to skip"
                    + " such steps", first, iteration);
        }
        pendingRestore = new Snapshot(model.params().dup(), updaterState == null ? null : updaterState.dup(), iteration);
        // No updater may see the bad values: with zeros each computes a finite update that is undone at iterationDone.
        gradient.assign(0);
        skippedSteps++;
        LOG.warn("NonFiniteStepGuard skipped a step: {}; restored at the end of the step: {}", found, unchanged);
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        checkWatched(model);
        if (pendingRestore == null) {
            return;
        }
        Snapshot snapshot = pendingRestore;
        pendingRestore = null;
        model.params().assign(snapshot.params());
        if (snapshot.updaterState() != null) {
            updaterState(model).assign(snapshot.updaterState());
        }
        // DL4J adds one to the iteration count after the listeners; the skipped step must not count.
        setIterationCount(model, snapshot.iteration() - 1);
    }

    private void checkWatched(Model model) {
        if (watched == null) {
            if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
                throw new IllegalArgumentException("NonFiniteStepGuard guards a MultiLayerNetwork or ComputationGraph,"
                        + " not a " + model.getClass().getName());
            }
            watched = model;
        } else if (watched != model) {
            throw new IllegalStateException("this NonFiniteStepGuard already watches another network; a guard keeps"
                    + " the snapshot of one network's step, so give each network (and each ParallelWrapper worker)"
                    + " its own guard");
        }
    }

    /** One native pass over the gradient, into a count array made once: this runs on every training step. */
    private long countNonFinite(INDArray gradient) {
        if (count == null) {
            count = Nd4j.scalar(DataType.LONG, 0L);
        }
        MatchCondition op = new MatchCondition(gradient, Conditions.notFinite());
        op.setZ(count);
        Nd4j.getExecutioner().exec(op);
        return count.getLong(0);
    }

    /** Index of the first NaN or infinity; called only once the gradient is known to hold one. */
    private static long firstNonFinite(INDArray gradient) {
        for (long i = 0; i < gradient.length(); i++) {
            if (!Double.isFinite(gradient.getDouble(i))) {
                return i;
            }
        }
        throw new IllegalStateException("the gradient changed while NonFiniteStepGuard checked it");
    }

    private static INDArray updaterState(Model model) {
        Updater updater = model instanceof MultiLayerNetwork net ? net.getUpdater() : null;
        if (updater != null) {
            return updater.getStateViewArray();
        }
        return model instanceof ComputationGraph graph && graph.getUpdater() != null
                ? graph.getUpdater().getStateViewArray() : null;
    }

    private static int iterationCount(Model model) {
        return model instanceof MultiLayerNetwork net ? net.getIterationCount()
                : ((ComputationGraph) model).getIterationCount();
    }

    private static void setIterationCount(Model model, int count) {
        if (model instanceof MultiLayerNetwork net) {
            net.getLayerWiseConfigurations().setIterationCount(count);
        } else {
            ((ComputationGraph) model).getConfiguration().setIterationCount(count);
        }
    }

    private record Snapshot(INDArray params, INDArray updaterState, int iteration) {
    }
}
