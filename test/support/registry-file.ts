/**
 * One valid dev environment file (as `environments/dev/<name>.yaml` holds it) with `over` applied;
 * a key set to `undefined` in `over` is left out. The registry, environment-config and envs tests
 * start from it.
 */
export function devEnvironmentFile(over: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {
    owner: "a@studio.example",
    team: "server",
    purpose: "testing",
    version: "1.0.0",
    gameDataVersion: "gd-1",
    resourceVersion: "res-1",
    redisDb: 9,
    created: "2026-11-20",
    expires: "2026-12-15",
    ...over,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}
