/** Synthetic dev environments for benchmarks: N valid, distinct entries for `game-infra:environments`. */

/** `count` environments named `bench-001`... with Redis DBs 1..count. */
export function syntheticEnvironments(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, "0");
    return {
      name: `bench-${n}`,
      owner: `dev${n}@studio.example`,
      purpose: `Benchmark environment ${n}`,
      version: "1.42.0",
      gameDataVersion: "gd-2026.11.3",
      resourceVersion: "res-2026.11.1",
      redisDb: i + 1,
      created: "2026-11-01",
    };
  });
}
