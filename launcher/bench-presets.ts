/**
 * How fast the preset API answers: `npm run bench:presets -- [--repo PATH] [--seconds N]
 * [--concurrency N] [--min-rps N]`. Starts the launcher over the clone (default: this repository,
 * read-only), keeps `concurrency` keep-alive connections busy against `/api/v1/presets/<tier>` on
 * loopback for a bounded time, prints requests per second and latency percentiles, and exits 1
 * below `--min-rps`.
 *
 * The target ({@link PRESET_MIN_RPS}): debug clients read presets when they start and then at most
 * every `max-age` (30 s). A studio of a few hundred people with a client or two each makes a few
 * tens of requests per second at the worst (everyone starting at once after a build). 500/s on one
 * core of this 2-core machine is an order of magnitude above that, and a regression that
 * rebuilds the registry per request (validation, host names: a few milliseconds each) falls far
 * below it, so the number catches the thing that matters: answers come from the HEAD-keyed cache.
 */
import { serve } from "@hono/node-server";
import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createLauncher } from "./server/app";
import { RegistryWorkspace } from "./workspace";
import type { TierName } from "../stacks/tier";

/** The slowest the preset API may be (requests per second on loopback); see the file comment. */
export const PRESET_MIN_RPS = 500;

/** One benchmark run's figures. */
export interface BenchResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** Loads `url` with `concurrency` keep-alive connections for `durationMs` (at most `maxRequests`). */
export async function loadTest(
  url: string,
  options: {
    durationMs: number;
    concurrency: number;
    maxRequests?: number;
    headers?: Record<string, string>;
  },
): Promise<BenchResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const max = options.maxRequests ?? 1_000_000;
  const t0 = performance.now();
  const deadline = t0 + options.durationMs;
  const one = () =>
    new Promise<void>((done) => {
      const t = performance.now();
      const req = request(url, { agent, headers: options.headers ?? {} }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t);
          else errors++;
          done();
        });
      });
      req.on("error", () => {
        errors++;
        done();
      });
      req.end();
    });
  const worker = async () => {
    while (performance.now() < deadline && started < max) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: pct(50),
    p99Ms: pct(99),
    errors,
  };
}

/** Starts a launcher over `repo` on a free loopback port and benchmarks `/api/v1/presets/<tier>`. */
export async function benchPresets(options: {
  repo: string;
  tier: TierName;
  seconds: number;
  concurrency: number;
  today?: () => string;
}): Promise<BenchResult> {
  const launcher = createLauncher({
    workspace: new RegistryWorkspace(options.repo),
    tiers: [options.tier],
    ...(options.today ? { today: options.today } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((done) => {
    const s = serve({ fetch: launcher.app.fetch, port: 0, hostname: "127.0.0.1" }, () => done(s));
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/presets/${options.tier}`;
    // Warm up: the first request computes the platform settings and validates the registry.
    await loadTest(url, { durationMs: 10_000, concurrency: 1, maxRequests: 20 });
    return await loadTest(url, { durationMs: options.seconds * 1000, concurrency: options.concurrency });
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repo: { type: "string" },
      tier: { type: "string" },
      seconds: { type: "string" },
      concurrency: { type: "string" },
      "min-rps": { type: "string" },
    },
  });
  const number = (flag: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) {
      console.error(`bench-presets: --${flag}: "${text}" is not a whole number, 1 or more`);
      process.exit(2);
    }
    return Number(text);
  };
  const seconds = Math.min(number("seconds", values.seconds, 5), 60);
  const concurrency = number("concurrency", values.concurrency, 8);
  const minRps = number("min-rps", values["min-rps"], PRESET_MIN_RPS);
  const tier = (values.tier ?? "dev") as TierName;
  const result = await benchPresets({
    repo: resolve(values.repo ?? resolve(__dirname, "..")),
    tier,
    seconds,
    concurrency,
  });
  console.log(
    `preset API (${tier}): ${result.requests} requests in ${result.seconds.toFixed(1)} s = ${Math.round(result.rps)} req/s ` +
      `(p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms, ${result.errors} errors, ${concurrency} connections); target ${minRps} req/s`,
  );
  if (result.errors > 0 || result.rps < minRps) process.exit(1);
}

if (require.main === module) void main();
