#!/usr/bin/env bash
# Runs the Spark benchmarks (meta-updates per second in this JVM and on local[1]/local[2], and the driver's
# overhead per meta-update) and prints JMH's table; docs/spark.md reads its figures from such a run. About 12
# minutes on 2 cores. Needs MNIST in ~/.l2l4j/data/mnist (./l2l4j data fetches it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -Dstyle.color=never -pl benchmarks -am -DskipTests package
java -jar benchmarks/target/benchmarks.jar 'Spark' -wi 1 -w 20 -i 3 -r 20 -f 1 \
  -rf json -rff benchmarks/target/spark-jmh.json
