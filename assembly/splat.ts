// Vector constants read from static memory. V8 (x64, Node 20) rebuilds a v128.const from
// immediates at every use, several instructions each, and does not hoist it out of loops; a
// lane-splat load from a small table is one instruction. The hot polynomials (exp, tanh,
// sigmoid) carry a dozen or more constants per vector, so this is most of their cost.

/** table[index] in all four lanes; `table` is a float32 (or int32) array from memory.data. */
// @ts-ignore: decorator
@inline export function splat(table: usize, index: i32): v128 {
  return v128.load32_splat(table + (<usize>index << 2));
}
