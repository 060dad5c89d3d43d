// Progress of a long import on stderr: a redrawn bar on a terminal, a plain line every 25% (and
// at the end) otherwise, nothing for short runs that are not on a terminal.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  /** Starts a stage (e.g. "validating") of `total` steps. */
  stage(label: string, total: number): void;
  /** Moves the current stage to `done` steps. */
  update(done: number): void;
  /** Ends the current stage. */
  end(): void;
}

const FRAME_MS = 100;
/** Non-terminal output only for runs at least this long (in steps). */
const PLAIN_MIN_TOTAL = 200;

export function createProgress(stream: ProgressStream | undefined, now: () => number = Date.now): Progress {
  if (!stream) return { stage() {}, update() {}, end() {} };
  const tty = stream.isTTY === true;
  let label = '';
  let total = 0;
  let done = 0;
  let started = 0;
  let lastDraw = 0;
  let nextQuarter = 0.25;
  let active = false;

  const bar = (): string => {
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const elapsed = (now() - started) / 1000;
    const eta = ratio > 0 && ratio < 1 ? ` eta ${Math.ceil((elapsed / ratio) * (1 - ratio))}s` : '';
    return `${label.padEnd(11)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.floor(ratio * 100)}%${eta}`;
  };
  const draw = (force: boolean) => {
    if (!active) return;
    if (tty) {
      const t = now();
      if (!force && t - lastDraw < FRAME_MS) return;
      lastDraw = t;
      stream.write(`\r${bar()}\u001b[K`);
    } else if (total >= PLAIN_MIN_TOTAL) {
      // one line for the highest quarter reached (a stage that jumps to the end prints one line)
      const quarter = Math.floor((Math.min(done, total) / total) * 4) / 4;
      if (quarter >= nextQuarter) {
        stream.write(`${label}: ${Math.min(done, total)}/${total} (${Math.round(quarter * 100)}%)\n`);
        nextQuarter = quarter + 0.25;
      }
    }
  };

  return {
    stage(l, t) {
      if (active) this.end();
      label = l;
      total = t;
      done = 0;
      started = now();
      lastDraw = 0;
      nextQuarter = 0.25;
      active = true;
      draw(true);
    },
    update(d) {
      done = d;
      draw(false);
    },
    end() {
      if (!active) return;
      done = total;
      draw(true);
      if (tty) stream.write('\n');
      active = false;
    },
  };
}
