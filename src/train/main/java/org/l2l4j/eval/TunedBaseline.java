package org.l2l4j.eval;

/** A baseline at its tuned learning rate and its runs on the reporting seeds. */
public record TunedBaseline(Baseline baseline, double learningRate, RaceResult result) {
}
