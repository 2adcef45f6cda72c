//! Decision support on a front: the knee (largest trade-off), the compromise
//! point (closest to the ideal under a normalized metric) and pseudo-weights.
