import { round } from './stats.js';

/** One figure of a benchmark, with the same-run baseline it is to be read against. */
export interface Figure {
  benchmark: string;
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value, or another ratio the benchmark defines (then named in `note`). */
  ratio?: number;
  note?: string;
}

export interface BenchmarkResult {
  benchmark: string;
  figures: Figure[];
  /** Raw numbers and the settings they were measured with, for the JSON report. */
  details: Record<string, unknown>;
  seconds: number;
}

export function fmt(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return round(value).toLocaleString('en-US');
}

/** A plain text table of every figure. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.benchmark,
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)}` : '',
    f.ratio === undefined || !Number.isFinite(f.ratio) ? '' : fmt(f.ratio),
  ]);
  const head = ['benchmark', 'figure', 'value', 'baseline (same run)', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
