/**
 * Coalesces redraws: progress can arrive faster than anyone reads it (an epoch every 50 ms, a
 * step every millisecond), and each redraw is main-thread work that could make the page stutter.
 * At most one redraw per animation frame and per `minIntervalMs`; whatever was asked last is
 * drawn, never a backlog of stale frames.
 */
export function throttledRedraw(draw: () => void, minIntervalMs = 200): () => void {
  let pending = false;
  let last = -Infinity;
  const run = () => {
    pending = false;
    last = performance.now();
    draw();
  };
  return () => {
    if (pending) return;
    pending = true;
    const wait = last + minIntervalMs - performance.now();
    if (wait > 0) setTimeout(() => requestAnimationFrame(run), wait);
    else requestAnimationFrame(run);
  };
}
