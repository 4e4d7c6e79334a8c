/** The worker's thread count as the library sees it: 1 until the thread pool lands, then its getNumThreads(). */
export function threadCount(): number {
  return 1;
}
