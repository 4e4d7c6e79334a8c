/**
 * Persistence baseline: tomorrow's temp_max equals today's. Weather changes slowly, so this is
 * the number any learned forecaster has to beat.
 */
import type { WindowSet } from "./windows.ts";

/** Persistence forecasts (°C) for every window: the temp_max of its last input day. */
export function persistenceForecast(windows: WindowSet): Float64Array {
  return Float64Array.from(windows.lastTempMaxC);
}
