/*
 * Benchmark: scores the whole shared NAB corpus with the streaming ensemble and prints points/second and peak
 * memory. Run: npx tsx scripts/bench/detect.ts [dataDir] [labelsFile]
 *  1. streaming ensemble with a pre-trained k-means model (no k-means retraining) — target ≥ 200,000 points/s;
 *  2. NAB mode: every file from scratch with online k-means fits (what `neuropilot nab` runs);
 *  3. NAB scoring (threshold sweep, three profiles);
 *  4. memory per stream: 200 live ensembles, each fed the first 4000 points of a NAB file (k-means buffer full,
 *     contexts learnt), heap growth divided by 200 (run with node --expose-gc for a clean figure);
 *  5. training convergence: daily warm-started runs, each on the last 7 days (2016 points), on three NAB files.
 */
import { resolve } from "node:path";
import { defaultStackConfig } from "../../infra/config";
import { StreamingEnsemble } from "../../optimizer/detect/ensemble";
import { trainModel } from "../../optimizer/detect/train";
import type { KMeansModel } from "../../optimizer/detect/kmeansModel";
import { loadNabCorpus } from "../../optimizer/nab/corpus";
import { ensembleNabDetector } from "../../optimizer/nab/detector";
import { evaluateNab } from "../../optimizer/nab/evaluate";

const root = resolve(__dirname, "../..");
const dataDir = process.argv[2] ?? resolve(root, "../shared/nab/data");
const labels = process.argv[3] ?? resolve(root, "../shared/nab/labels/combined_windows.json");
const config = defaultStackConfig().detection;
const files = loadNabCorpus(dataDir, labels);
const points = files.reduce((n, f) => n + f.values.length, 0);

let peakHeap = 0;
const sampleMemory = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

// 1. pre-trained models (training is not timed), scoring only
const models: KMeansModel[] = files.map((f) => {
  const r = trainModel(
    undefined,
    { timestamps: f.timestamps.slice(0, 1000), values: f.values.slice(0, 1000) },
    { config },
  );
  if (r.status !== "trained") throw new Error(`${f.key}: could not train`);
  return r.model;
});
let cpuSecondsOfBest = Infinity;
function scoringPass(): number {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let checksum = 0;
  files.forEach((f, k) => {
    const e = new StreamingEnsemble(config, { model: models[k], learnOnline: false });
    for (let i = 0; i < f.values.length; i++) checksum += e.update(f.timestamps[i], f.values[i]).score;
    sampleMemory();
  });
  if (!Number.isFinite(checksum)) throw new Error("non-finite score");
  const cpu = process.cpuUsage(cpuStart);
  cpuSecondsOfBest = Math.min(cpuSecondsOfBest, (cpu.user + cpu.system) / 1e6);
  return (performance.now() - started) / 1000;
}
scoringPass(); // warm-up (JIT)
const scoringSeconds = Math.min(scoringPass(), scoringPass(), scoringPass());

// 2. NAB mode: from scratch, online k-means fits
const detector = ensembleNabDetector(config);
let started = performance.now();
const scores = files.map((f) => {
  const s = detector(f);
  sampleMemory();
  return s;
});
const nabSeconds = (performance.now() - started) / 1000;
if (scores.length !== files.length) throw new Error("missing scores");

// 3. detection + scoring as the CLI does it
started = performance.now();
const evaluation = evaluateNab(files, detector);
const evalSeconds = (performance.now() - started) / 1000;
sampleMemory();

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(`corpus: ${files.length} files, ${points} points (${dataDir})`);
console.log(
  `streaming ensemble, pre-trained k-means (no retraining): ${fmt(points / scoringSeconds)} points/s (best of 3: ${scoringSeconds.toFixed(3)} s)`,
);
console.log(
  `  the same on CPU time (one core; the machine may be shared): ${fmt(points / cpuSecondsOfBest)} points per CPU-second (points ${points}, ${cpuSecondsOfBest.toFixed(3)} CPU-s, best pass)`,
);
console.log(
  `NAB mode, online k-means fits:                           ${fmt(points / nabSeconds)} points/s (${nabSeconds.toFixed(3)} s)`,
);
console.log(
  `NAB mode + scoring (3 profiles):                          ${evalSeconds.toFixed(3)} s; standard ${evaluation.profiles.standard.score.toFixed(2)}`,
);
console.log(
  `peak memory: heap ${(peakHeap / 2 ** 20).toFixed(1)} MiB, max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`,
);

// 4. memory per stream
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const live: StreamingEnsemble[] = [];
const longest = files.reduce((a, f) => (f.values.length > a.values.length ? f : a));
for (let k = 0; k < 200; k++) {
  const e = new StreamingEnsemble(config, { contextRangePoints: 750 });
  for (let i = 0; i < Math.min(4000, longest.values.length); i++) e.update(longest.timestamps[i], longest.values[i]);
  live.push(e);
}
gc?.();
const perStream = (process.memoryUsage().heapUsed - heapBefore) / live.length;
console.log(
  `memory per stream: ${(perStream / 1024).toFixed(1)} KiB (${live.length} live ensembles after ${Math.min(4000, longest.values.length)} points each${gc ? "" : "; no --expose-gc, so garbage may be counted"})`,
);

// 5. convergence of daily incremental training (loss = normalised model change; * = converged)
const WEEK = 2016;
const DAY = 288;
for (const key of [
  "artificialNoAnomaly/art_daily_small_noise.csv",
  "realAWSCloudwatch/ec2_cpu_utilization_24ae8d.csv",
  "realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv",
]) {
  const f = files.find((x) => x.key === key);
  if (!f) continue;
  let model: KMeansModel | undefined;
  const losses: string[] = [];
  for (let start = 0; start + WEEK <= f.values.length && losses.length < 8; start += DAY) {
    const r = trainModel(
      model,
      { timestamps: f.timestamps.slice(start, start + WEEK), values: f.values.slice(start, start + WEEK) },
      { config },
    );
    if (r.status !== "trained") break;
    model = r.model;
    losses.push(`${r.loss.toFixed(3)}${r.converged ? "*" : ""}`);
  }
  console.log(`daily training runs, ${key}: loss ${losses.join(" ")}`);
}
