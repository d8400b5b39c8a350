package org.l2l4j.cli;

import java.io.IOException;

/**
 * A command that does everything which can refuse it before any work: option ranges, the optimizer file, the memory
 * the run needs and a writable --out. Its {@code call()} runs these checks first; the command-line fuzz test also
 * runs them alone, to try long runs without running them.
 */
interface CheckedBeforeWork {

    void checkBeforeWork() throws IOException;
}
