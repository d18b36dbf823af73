"""Demo data: a believable store for a new user (fill) from fixed material, reused by the benchmarks."""
