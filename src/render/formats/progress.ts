// The progress bar of long register reads (batch, sample): on a terminal only, never in CI.
import { t } from "../../i18n.js";

export interface Progress {
  update(bytes: number, total: number, rows: number): void;
  stop(): void;
  /** A one-line status after reading (sorting, writing), cleared by done(). */
  status(text: string): void;
  done(): void;
}

export async function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Promise<Progress | undefined> {
  if (!enabled || !stream.isTTY || process.env.CI) return undefined;
  const { default: cliProgress } = await import("cli-progress");
  const bar = new cliProgress.SingleBar(
    {
      format: t(
        "读取台账 {bar} {percentage}% | {rows} 行 | {rate} 行/秒 | 剩余 {eta_formatted}",
        "reading {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}",
      ),
      stream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let started = false;
  return {
    update(bytes, total, rows) {
      if (!started) {
        bar.start(Math.max(1, total), 0, { rows: 0, rate: 0 });
        started = true;
      }
      const secs = Math.max(0.001, (Date.now() - t0) / 1000);
      bar.update(bytes, { rows: rows.toLocaleString("en-US"), rate: Math.round(rows / secs).toLocaleString("en-US") });
    },
    stop() {
      if (started) bar.stop();
    },
    status(text) {
      stream.write(`\r${text}\x1b[K`);
    },
    done() {
      stream.write("\r\x1b[K");
    },
  };
}
