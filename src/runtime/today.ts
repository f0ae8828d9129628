// Today's date for commands that default to it (--as-of). STDZ_TODAY=YYYY-MM-DD pins it, so
// tests and golden scenarios do not change with the calendar; core never reads the clock.

/** Today as YYYY-MM-DD in local time, or STDZ_TODAY when it is a well-formed date. */
export function todayIso(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const pinned = env.STDZ_TODAY?.trim();
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}
