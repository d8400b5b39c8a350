package org.l2l4j.updater;

import org.bytedeco.javacpp.Pointer;

import java.lang.management.ManagementFactory;

/**
 * The memory a long run could leak, measured after a full garbage collection: Java heap in use, native memory
 * that JavaCPP counts (workspaces, pointers) and the process's resident set. ND4J's CPU arrays are allocated
 * inside libnd4j, which neither JavaCPP nor ND4J's AllocationsTracker counts (both stayed at 0 here), so the
 * resident set is what shows their leaks.
 */
record MemoryFootprint(long heapBytes, long trackedOffHeapBytes, long residentBytes) {

    static MemoryFootprint measure() {
        // ND4J frees an array's native memory when the Java object is collected, on its deallocator threads,
        // so collect, give those threads a moment, and collect again.
        System.gc();
        sleep(50);
        System.gc();
        return new MemoryFootprint(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                Pointer.totalBytes(), Pointer.physicalBytes());
    }

    /** The largest growth, field by field, of any of {@code samples} over this baseline. */
    MemoryFootprint maxGrowthTo(Iterable<MemoryFootprint> samples) {
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
        return String.format("heap %.2f MB, JavaCPP-tracked off-heap %.2f MB, resident %.2f MB",
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
