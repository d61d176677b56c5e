// SCIM_CONFORMANCE_TIMING=1 prints where a run's time goes (milliseconds since the process started, also from
// vitest's worker thread), for `npm run bench` and for anyone asking why a run is slow. Off, it costs nothing.
const enabled = !!process.env.SCIM_CONFORMANCE_TIMING;
// A worker thread has its own clock origin; the main thread's is handed down through the environment.
if (enabled && !process.env.SCIM_CONFORMANCE_TIMING_ORIGIN) process.env.SCIM_CONFORMANCE_TIMING_ORIGIN = String(performance.timeOrigin);
const origin = Number(process.env.SCIM_CONFORMANCE_TIMING_ORIGIN);

export function mark(label: string): void {
  if (enabled) process.stderr.write(`timing ${label} ${(performance.timeOrigin + performance.now() - origin).toFixed(0)}\n`);
}

/** The last mark: when the process really ends (open handles can keep it alive after the reports are written). */
if (enabled) process.once('exit', () => mark('exit'));
