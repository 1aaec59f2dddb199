/**
 * `npm run bench`: cost of the offline plan as environments grow. For 10, 50, 100 and 200
 * synthetic dev environments it runs the whole program under the mock runtime, and a flat
 * baseline that registers the identical resources directly, each in its own process, and prints
 * resources, wall seconds, peak memory and resources per second, with the ratio between them.
 * Targets: ratio <= 1.3, time(200) / time(100) <= 2.2, peak memory at 200 <= 2 GiB.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

interface Measurement {
  mode: string;
  environments: number;
  resources: number;
  seconds: number;
  peakMiB: number;
  /** Baseline resources replayed without their SDK class (should be 0 for a fair comparison). */
  generic: number;
}

const SIZES = (process.argv[2] ?? "10,50,100,200").split(",").map(Number);

function measure(mode: string, environments: number): Measurement {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--expose-gc", join(__dirname, "bench", "measure.ts"), mode, String(environments)],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = result.stdout.trim().split("\n").pop() ?? "";
  if (result.status !== 0 || !line.startsWith("{")) {
    throw new Error(`bench ${mode} ${environments} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(line) as Measurement;
}

const rows: Array<{ n: number; program: Measurement; baseline: Measurement }> = [];
for (const n of SIZES) rows.push({ n, program: measure("program", n), baseline: measure("baseline", n) });

const pad = (v: string | number, w: number) => String(v).padStart(w);
console.log(
  `${pad("envs", 5)} ${pad("resources", 9)} ${pad("program s", 10)} ${pad("baseline s", 10)} ${pad("ratio", 6)} ${pad("res/s", 7)} ${pad("peak MiB", 9)} ${pad("base MiB", 9)}`,
);
for (const { n, program, baseline } of rows) {
  if (program.resources !== baseline.resources)
    throw new Error(`baseline registered ${baseline.resources}, program ${program.resources}`);
  console.log(
    `${pad(n, 5)} ${pad(program.resources, 9)} ${pad(program.seconds.toFixed(2), 10)} ${pad(baseline.seconds.toFixed(2), 10)} ${pad((program.seconds / baseline.seconds).toFixed(2), 6)} ${pad(Math.round(program.resources / program.seconds), 7)} ${pad(Math.round(program.peakMiB), 9)} ${pad(Math.round(baseline.peakMiB), 9)}`,
  );
}
const at = (n: number) => rows.find((r) => r.n === n);
const [r100, r200] = [at(100), at(200)];
if (r100 && r200) {
  const scaling = r200.program.seconds / r100.program.seconds;
  console.log(
    `\ntime(200)/time(100) = ${scaling.toFixed(2)} (target <= 2.2); peak memory at 200 = ${Math.round(r200.program.peakMiB)} MiB (target <= 2048)`,
  );
}
const worst = Math.max(...rows.map((r) => r.program.seconds / r.baseline.seconds));
console.log(`worst program/baseline ratio = ${worst.toFixed(2)} (target <= 1.3)`);
