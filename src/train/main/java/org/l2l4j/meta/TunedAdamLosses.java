package org.l2l4j.meta;

import java.util.Arrays;
import java.util.List;

/**
 * The yardstick of selection by the ratio to tuned Adam, as measured once for a meta-training run: per training
 * problem, what it was measured on ({@link #key}: the problem, the run length and the validation seeds) and tuned
 * Adam's best mean final loss there. Kept in the checkpoint so that {@code --resume} neither repeats the search
 * (minutes for a recurrent network) nor compares φ with a different yardstick than before the interruption.
 */
record TunedAdamLosses(List<String> keys, double[] losses) {

    TunedAdamLosses {
        keys = List.copyOf(keys);
        losses = losses.clone();
        if (keys.isEmpty() || keys.size() != losses.length) {
            throw new IllegalArgumentException(keys.size() + " problems and " + losses.length + " losses");
        }
    }

    /** What tuned Adam's loss on {@code problem} depends on besides the problem's code and data. */
    static String key(String problem, int steps, long[] seeds) {
        return problem + ", " + steps + " steps, validation seeds " + Arrays.toString(seeds);
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunedAdamLosses other && keys.equals(other.keys) && Arrays.equals(losses, other.losses);
    }

    @Override
    public int hashCode() {
        return 31 * keys.hashCode() + Arrays.hashCode(losses);
    }

    @Override
    public String toString() {
        return "TunedAdamLosses" + keys + Arrays.toString(losses);
    }
}
