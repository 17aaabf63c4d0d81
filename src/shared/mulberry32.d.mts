/** mulberry32: a 32-bit state generator with good statistical quality for this use; returns [0, 1). */
export function mulberry32(seed: number): () => number;
