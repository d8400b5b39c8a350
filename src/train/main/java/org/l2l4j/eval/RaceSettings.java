package org.l2l4j.eval;

import java.util.List;

/**
 * What a race of the learned optimizer against tuned baselines runs: the optimizee steps of every run, the
 * reporting seeds per optimizer, and the baselines, each tuned on its own seeds first.
 */
public record RaceSettings(int steps, int seeds, List<Baseline> baselines) {

    /** The evaluations behind the published results: the paper's 100 steps, 20 seeds, all four baselines. */
    public static final RaceSettings EVALUATION = new RaceSettings(100, 20, List.of(Baseline.values()));

    /** The demo: 100 steps and 5 seeds against tuned Adam only, so that it takes seconds. */
    public static final RaceSettings DEMO = new RaceSettings(100, 5, List.of(Baseline.ADAM));

    public RaceSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be at least 1, got " + seeds);
        }
        baselines = List.copyOf(baselines);
        if (baselines.stream().distinct().count() < baselines.size()) {
            throw new IllegalArgumentException("each baseline can race once, got " + baselines);
        }
    }
}
