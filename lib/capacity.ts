/**
 * Whether a tier's environments fit its game pool: each environment's requests at full scale, summed
 * over the tier and compared with what the pool offers at its largest (`gamePoolCapacity`). Full
 * scale is the quota check's figure (`lib/environment/quota.ts` `environmentFootprint`): every server
 * at its autoscaling maximum, one surge pod per rolling Deployment, both colours of a blue/green game
 * server, and Couchbase. Sleeping environments count like the others: they wake up, all at once, at
 * the start of the working day.
 */
import type { EnvironmentWorkloadConfig } from "./environment/profile";
import { environmentFootprint } from "./environment/quota";
import { describeCpu, formatBytes, parseBytes, parseCpu } from "./quantity";

/** What one environment requests from the game pool at full scale. */
export interface EnvironmentDemand {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
}

/** The game pool's room for environments (Kubernetes quantities, as `gamePoolCapacity` writes them). */
export interface PoolRoom {
  readonly cpu: string;
  readonly memory: string;
}

/** A resource the tier's environments need more of than the pool offers. */
export interface CapacityShortfall {
  readonly resource: "cpu" | "memory";
  /** What all environments need together, and what the pool offers (millicores or bytes). */
  readonly needed: number;
  readonly available: number;
  /** Every environment's need of this resource, largest first (then by name). */
  readonly demands: readonly { readonly name: string; readonly amount: number }[];
}

/** An environment's CPU and memory requests at full scale. */
export function environmentDemand(name: string, env: EnvironmentWorkloadConfig): EnvironmentDemand {
  const footprint = environmentFootprint(env);
  return {
    name,
    cpuMillicores: footprint.reduce((sum, server) => sum + server.cpu, 0),
    memoryBytes: footprint.reduce((sum, server) => sum + server.memory, 0),
  };
}

/** The resources the environments together need more of than `room`; empty when they fit (equal fits). */
export function capacityShortfalls(
  demands: readonly EnvironmentDemand[],
  room: PoolRoom,
): CapacityShortfall[] {
  const available = { cpu: parseCpu(room.cpu), memory: parseBytes(room.memory) };
  for (const resource of ["cpu", "memory"] as const) {
    if (available[resource] === undefined) {
      throw new RangeError(`gamePoolCapacity.${resource} "${room[resource]}" is not a Kubernetes quantity`);
    }
  }
  const shortfalls: CapacityShortfall[] = [];
  for (const resource of ["cpu", "memory"] as const) {
    const amountOf = (d: EnvironmentDemand) => (resource === "cpu" ? d.cpuMillicores : d.memoryBytes);
    const needed = demands.reduce((sum, d) => sum + amountOf(d), 0);
    if (needed <= available[resource]!) continue;
    shortfalls.push({
      resource,
      needed,
      available: available[resource]!,
      demands: demands
        .map((d) => ({ name: d.name, amount: amountOf(d) }))
        .sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name, "en")),
    });
  }
  return shortfalls;
}

/** A CPU or memory amount for messages: `38.7 CPU`, `140980Mi`. */
export function describeAmount(resource: CapacityShortfall["resource"], amount: number): string {
  return resource === "cpu" ? describeCpu(amount) : formatBytes(amount);
}

/** Where to make room, for the message: the pool's setting that bounds the resource. */
export interface CapacityRemedy {
  /** The stack file (`Pulumi.dev.yaml`). */
  readonly stackFile: string;
  /** The setting that bounds the resource (`nodePools.game.limits.cpu`). */
  readonly setting: string;
}

/** One shortfall as the sentence the registry check reports. */
export function shortfallMessage(shortfall: CapacityShortfall, remedy: CapacityRemedy): string {
  const { resource } = shortfall;
  const amount = (n: number) => describeAmount(resource, n);
  const count = shortfall.demands.length;
  return (
    `the ${count} environment${count === 1 ? "" : "s"} request ${amount(shortfall.needed)}${resource === "memory" ? " of memory" : ""} at full scale, ` +
    `more than the ${amount(shortfall.available)} the game pool offers them (gamePoolCapacity.${resource}): ` +
    `${amount(shortfall.needed - shortfall.available)} short. Full scale is every server at its autoscaling maximum, ` +
    `one surge pod per rolling Deployment, both colours of a blue/green game server, and Couchbase; ` +
    `sleeping environments count, since they wake up. By environment, largest first: ` +
    `${shortfall.demands.map((d) => `${d.name} ${amount(d.amount)}`).join(", ")}. ` +
    `Raise ${remedy.setting} in ${remedy.stackFile}, lower an environment's replicas or resources, or delete one`
  );
}
