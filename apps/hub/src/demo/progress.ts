/** What the demo says while it works: a line per step, and counters that move. */
export interface Progress {
  /** A new step ("connecting SEMCO Belege to lexoffice…"): a line of its own. */
  step(text: string): void;
  /** A counter that moves ("booked 3/11"): shown only when it changed; on a terminal it overwrites itself. */
  update(text: string): void;
  /** Ends the live line (before the table is printed). */
  end(): void;
}

export interface ProgressStream {
  write(chunk: string): unknown;
  /** The terminal's width, when it is one. */
  columns?: number;
}

/** Progress that shows nothing (tests). */
export const silentProgress: Progress = { step: () => undefined, update: () => undefined, end: () => undefined };

/**
 * Progress on `stream` (the CLI: stderr), each message prefixed with the seconds since `startedAt`. `live` (a
 * terminal): counters share one line that is rewritten in place (cut to the terminal's width, so it never wraps);
 * otherwise every change of a counter is a line of its own, as the steps are.
 */
export function createProgress(stream: ProgressStream, opts: { live: boolean; startedAt?: number }): Progress {
  const startedAt = opts.startedAt ?? Date.now();
  let lastUpdate = '';
  let liveLine = false;
  const stamp = (text: string) => `[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(4)}s] ${text}`;
  const clearLive = () => {
    if (liveLine) stream.write('\r\x1b[K');
    liveLine = false;
  };
  return {
    step(text) {
      clearLive();
      lastUpdate = '';
      stream.write(`${stamp(text)}\n`);
    },
    update(text) {
      if (text === lastUpdate) return;
      lastUpdate = text;
      if (!opts.live) {
        stream.write(`${stamp(text)}\n`);
        return;
      }
      const width = Math.max(20, (stream.columns || 100) - 1);
      const line = stamp(text);
      stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      liveLine = true;
    },
    end() {
      clearLive();
      lastUpdate = '';
    },
  };
}
