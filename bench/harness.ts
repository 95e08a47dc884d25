// Shared pieces of the benchmarks: run gdnet and its peers alternately in one process, take
// medians, print a table with gdnet/peer ratios. Benchmarks measure; they never pass or fail.

/** One measured subject of a workload: higher `value` is better unless `lowerIsBetter`. */
export interface Subject {
  name: string;
  run(): Promise<number>;
}

export interface Workload {
  name: string;
  unit: string;
  /** gdnet's subject first, then the peers it is compared with. */
  subjects: Subject[];
  lowerIsBetter?: boolean;
  /** Runs per subject (default 5). */
  rounds?: number;
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

export interface Row {
  workload: string;
  subject: string;
  median: number;
  unit: string;
  /** gdnet / this subject, oriented so that > 1 means gdnet is better. */
  ratio: number | null;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs every subject `rounds` times, interleaved (a, b, a, b, ...) so drift hits all alike. */
export async function measure(workload: Workload): Promise<Row[]> {
  // BENCH_ONLY=gdnet runs only the subjects whose name contains it (for profiling one of them).
  const only = process.env.BENCH_ONLY;
  if (only) workload = { ...workload, subjects: workload.subjects.filter((s) => s.name.includes(only)) };
  await workload.setup?.();
  const results = new Map<string, number[]>(workload.subjects.map((s) => [s.name, []]));
  try {
    for (let round = 0; round < (workload.rounds ?? 5); round++) {
      for (const subject of workload.subjects) results.get(subject.name)?.push(await subject.run());
    }
  } finally {
    await workload.teardown?.();
  }
  const medians = workload.subjects.map((s) => median(results.get(s.name) ?? []));
  const gdnet = medians[0] as number;
  return workload.subjects.map((subject, i) => {
    const value = medians[i] as number;
    const ratio = i === 0 ? null : workload.lowerIsBetter ? value / gdnet : gdnet / value;
    return { workload: workload.name, subject: subject.name, median: value, unit: workload.unit, ratio };
  });
}

export function printTable(rows: Row[]): string {
  const lines = ["| workload | subject | median | gdnet ÷ subject |", "|---|---|---|---|"];
  for (const row of rows) {
    const value = row.median >= 100 ? Math.round(row.median).toLocaleString("en-US") : row.median.toFixed(2);
    const ratio = row.ratio === null ? "—" : `${row.ratio.toFixed(2)}×`;
    lines.push(`| ${row.workload} | ${row.subject} | ${value} ${row.unit} | ${ratio} |`);
  }
  return lines.join("\n");
}

/** Waits for the next turn of the event loop (lets sockets deliver). */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
