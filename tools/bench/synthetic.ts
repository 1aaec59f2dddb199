/**
 * A synthetic tier for benchmarks: a temporary root with the repository's project and dev settings
 * (Redis databases and the game pool's limits raised so the environments fit) and N environment
 * files `bench-001`..., each a valid registry entry of its own stack.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { addDays } from "../../lib/dates";
import { formatEnvironmentFile } from "../../stacks/registry-format";

/** The day the synthetic environments are judged on. */
export const BENCH_TODAY = "2026-12-01";

/** Builds the synthetic tier's root (the caller removes it) and returns its path. */
export function syntheticTierRoot(repository: string, count: number): string {
  const root = mkdtempSync(join(tmpdir(), `bench-tier-${count}-`));
  copyFileSync(join(repository, "Pulumi.yaml"), join(root, "Pulumi.yaml"));
  const settings = parse(readFileSync(join(repository, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown> | undefined>;
  };
  settings.config["game-infra:redis"] = {
    ...settings.config["game-infra:redis"],
    databases: Math.max(64, count + 1),
  };
  // Room on the game pool for every environment at full scale (4 vCPU, 16 GiB each is generous).
  settings.config["game-infra:nodePools"] = {
    ...settings.config["game-infra:nodePools"],
    game: { limits: { cpu: String(40 + count * 4), memory: `${160 + count * 16}Gi` } },
  };
  writeFileSync(join(root, "Pulumi.dev.yaml"), stringify(settings));
  const registry = join(root, "environments", "dev");
  mkdirSync(registry, { recursive: true });
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(3, "0");
    writeFileSync(
      join(registry, `bench-${n}.yaml`),
      formatEnvironmentFile({
        owner: `dev${n}@studio.example`,
        team: "server",
        purpose: `Benchmark environment ${n}`,
        version: "1.42.0",
        gameDataVersion: "gd-2026.11.3",
        resourceVersion: "res-2026.11.1",
        redisDb: i + 1,
        created: BENCH_TODAY,
        expires: addDays(BENCH_TODAY, 14),
      }),
    );
  }
  return root;
}
