// The seeded generator the kernel and BPTT tests draw their random data from, so every failure
// reproduces from its seed. (The library's own generator is @tapegrad/autograd's Generator.)

/** mulberry32: a tiny seeded generator of uniform numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
