// STDZ_TIMING=1 prints how long each phase of a run took, on stderr (like ESLint's TIMING):
// for finding what is slow on a large standard or register. Off, a mark costs one check.
const on = !!process.env.STDZ_TIMING && process.env.STDZ_TIMING !== "0";
const marks: [string, number][] = [];

/** Note that the phase named `name` has just ended. */
export function mark(name: string): void {
  if (!on) return;
  if (marks.length === 0) process.once("exit", report);
  marks.push([name, performance.now()]);
}

function report(): void {
  let prev = 0;
  const rows = marks.map(([name, t]) => {
    const row = `${(t - prev).toFixed(1).padStart(8)} ms  ${name}`;
    prev = t;
    return row;
  });
  process.stderr.write(
    `stdz timing (ms since the previous mark; the first counts from process start):\n${rows.join("\n")}\n${performance.now().toFixed(1).padStart(8)} ms  total\n`,
  );
}
