/** First byte after the module's static data: the JavaScript allocator hands out memory from here. */
export function heapBase(): usize {
  return __heap_base;
}
