package org.l2l4j.memory;

import java.util.Comparator;
import java.util.List;

/**
 * The memory a run will hold at its peak, part by part, worked out from its settings before anything is allocated,
 * so that a run which cannot fit is refused at once instead of failing with an {@link OutOfMemoryError} after
 * minutes of work. Each engine estimates its own runs ({@code MetaTrainingMemory}, {@code EvaluationMemory}).
 *
 * <p>It counts the parts that grow with the optimizee, the optimizer and the length of the run. Fixed costs (the
 * JVM, ND4J, the data set, φ itself) are left out, so the estimate is a lower bound on the peak: a run it refuses
 * cannot fit, while a run it lets through close to the limit may still run short.
 */
public record MemoryEstimate(List<Part> parts) {

    public static final long FLOAT = Float.BYTES;
    public static final long DOUBLE = Double.BYTES;

    /** Where a part lives: the Java heap ({@code -Xmx}) or native memory outside it (ND4J arrays). */
    public enum Kind { HEAP, OFF_HEAP }

    /** What makes a part smaller, so that a refusal can say which setting to change. */
    public enum Lever { OPTIMIZEE_SIZE, UNROLL, RUNS_PER_EPOCH, STEPS_AND_SEEDS }

    /** One allocation (or group of them) of a run, and what makes it smaller. */
    public record Part(String what, Kind kind, long bytes, List<Lever> levers) {
        public Part {
            levers = List.copyOf(levers);
        }
    }

    public MemoryEstimate {
        parts = List.copyOf(parts);
    }

    public long bytes(Kind kind) {
        long total = 0;
        for (Part part : parts) {
            if (part.kind() == kind) {
                total = Saturating.add(total, part.bytes());
            }
        }
        return total;
    }

    public long totalBytes() {
        return Saturating.add(bytes(Kind.HEAP), bytes(Kind.OFF_HEAP));
    }

    /** The parts of at least a tenth of the largest one, largest first: those worth making smaller. */
    public List<Part> significantParts() {
        long largest = parts.stream().mapToLong(Part::bytes).max().orElse(0);
        return parts.stream().filter(p -> p.bytes() > 0 && p.bytes() >= largest / 10)
                .sorted(Comparator.comparingLong(Part::bytes).reversed()).toList();
    }

    /** Throws {@link InsufficientMemoryException} when this run cannot fit in {@code limits}. */
    public void requireFits(MemoryLimits limits) {
        MemoryLimits.Shortfall shortfall = limits.shortfall(this);
        if (shortfall != null) {
            throw new InsufficientMemoryException(this, limits, shortfall);
        }
    }
}
