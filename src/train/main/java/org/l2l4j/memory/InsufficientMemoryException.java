package org.l2l4j.memory;

/**
 * A run refused before it started because its {@link MemoryEstimate} exceeds a limit of this JVM. The message names
 * the estimate, the limit and the largest parts; {@link #estimate()} and {@link #shortfall()} let a caller word
 * its own remedy (the command line names its options).
 */
public final class InsufficientMemoryException extends IllegalStateException {

    private final transient MemoryEstimate estimate;
    private final transient MemoryLimits limits;
    private final transient MemoryLimits.Shortfall shortfall;

    InsufficientMemoryException(MemoryEstimate estimate, MemoryLimits limits, MemoryLimits.Shortfall shortfall) {
        super("this run needs at least " + ByteSize.format(estimate.bytes(MemoryEstimate.Kind.HEAP)) + " of heap and "
                + ByteSize.format(estimate.bytes(MemoryEstimate.Kind.OFF_HEAP)) + " off-heap, more than "
                + shortfall.limit().description() + " of " + ByteSize.format(shortfall.limitBytes())
                + "; the largest parts: " + describe(estimate));
        this.estimate = estimate;
        this.limits = limits;
        this.shortfall = shortfall;
    }

    public MemoryEstimate estimate() {
        return estimate;
    }

    public MemoryLimits limits() {
        return limits;
    }

    public MemoryLimits.Shortfall shortfall() {
        return shortfall;
    }

    /** The parts of the estimate that matter, largest first. */
    static String describe(MemoryEstimate estimate) {
        StringBuilder sb = new StringBuilder();
        for (MemoryEstimate.Part part : estimate.significantParts()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(part.what()).append(" ").append(ByteSize.format(part.bytes()))
                    .append(part.kind() == MemoryEstimate.Kind.HEAP ? " heap" : " off-heap");
        }
        return sb.toString();
    }
}
