package org.l2l4j.testing;

import org.bytedeco.javacpp.Pointer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory a long run could leak, measured after a full garbage collection: Java heap in use, native memory
 * that JavaCPP counts (workspaces, pointers) and the process's resident set. ND4J's CPU arrays are allocated
 * inside libnd4j, which neither JavaCPP nor ND4J's AllocationsTracker counts (both stayed at 0 here), so the
 * resident set is what shows their leaks. Two things grow it that are not leaks, so they are kept out: the tests
 * run in a JVM whose heap is fixed and pre-touched ({@code src/pom.xml}), so the resident set does not grow as
 * the JVM touches new heap for garbage, and the JVM's non-heap memory (compiled code, class metadata, which grow
 * as the JIT keeps compiling) is taken off it.
 */
public record MemoryFootprint(long heapBytes, long trackedOffHeapBytes, long residentBytes) {

    /** Garbage the JIT and class loading leave behind after a collection: not growth per step. */
    private static final long HEAP_BOUND = 8L << 20;
    private static final long TRACKED_OFF_HEAP_BOUND = 1L << 20;

    public static MemoryFootprint measure() {
        // ND4J frees an array's native memory when the Java object is collected, on its deallocator threads,
        // so collect, give those threads a moment, and collect again.
        System.gc();
        sleep(50);
        System.gc();
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        return new MemoryFootprint(jvm.getHeapMemoryUsage().getUsed(), Pointer.totalBytes(),
                Pointer.physicalBytes() - jvm.getNonHeapMemoryUsage().getCommitted());
    }

    /**
     * Asserts that no sample grew over {@code baseline} by more than the bounds (heap 8 MiB, JavaCPP-tracked
     * 1 MiB, resident {@code residentBound}: malloc's arenas keep freed pages for a while, so the resident set
     * needs more room than the heap) and prints the measurements under {@code what}.
     */
    public static void assertFlat(String what, MemoryFootprint baseline, List<MemoryFootprint> samples, long residentBound) {
        MemoryFootprint growth = baseline.maxGrowthTo(samples);
        String report = what + ": baseline after warm-up " + baseline + "; largest growth " + growth + "; samples " + samples;
        System.out.println(report);
        assertTrue(growth.heapBytes <= HEAP_BOUND, report);
        assertTrue(growth.trackedOffHeapBytes <= TRACKED_OFF_HEAP_BOUND, report);
        assertTrue(growth.residentBytes <= residentBound, report);
    }

    /** The largest growth, field by field, of any of {@code samples} over this baseline. */
    private MemoryFootprint maxGrowthTo(Iterable<MemoryFootprint> samples) {
        long heap = 0;
        long offHeap = 0;
        long resident = 0;
        for (MemoryFootprint s : samples) {
            heap = Math.max(heap, s.heapBytes - heapBytes);
            offHeap = Math.max(offHeap, s.trackedOffHeapBytes - trackedOffHeapBytes);
            resident = Math.max(resident, s.residentBytes - residentBytes);
        }
        return new MemoryFootprint(heap, offHeap, resident);
    }

    @Override
    public String toString() {
        return String.format("heap %.2f MB, JavaCPP-tracked off-heap %.2f MB, resident outside the JVM's non-heap %.2f MB",
                heapBytes / 1e6, trackedOffHeapBytes / 1e6, residentBytes / 1e6);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
