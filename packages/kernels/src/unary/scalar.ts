// Scalar float64 functions the twins share (the unary twin and the cell twins).

/** The logistic function, without overflow for large |x|. */
export const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
