/**
 * Game environments as plans show them, whichever stack holds them: a Namespace labelled
 * `game-infra/environment: <name>`, with its Redis DB number (the `game-env` ConfigMap's
 * `REDIS_DB`, else the namespace annotation `game-infra/redis-db`) and its MySQL database (the
 * ConfigMap's `MYSQL_DATABASE`). Read from plan resources, not from config, so the same code works
 * while environments live in the platform stack and once each is its own stack (`<tier>.<env>`).
 */
import { ENVIRONMENT_ANNOTATIONS, ENVIRONMENT_LABELS } from "../../lib/environment/metadata";
import type { Plan, PlanResource } from "./model";
import { isJsonObject, valueAt } from "./paths";

/** One environment found in a plan. */
export interface PlannedEnvironment {
  readonly name: string;
  /** The stack whose plan holds it. */
  readonly stack: string;
  readonly namespace: PlanResource;
  /** Its Redis DB number, when the plan knows it. */
  readonly redisDb?: number;
  /** Its MySQL database name, when the plan knows it. */
  readonly mysqlDatabase?: string;
}

const NAMESPACE = "kubernetes:core/v1:Namespace";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

/** The environments among `resources` (a plan's, or the deleted or created side of a diff). */
export function environmentsIn(resources: readonly PlanResource[], stack: string): PlannedEnvironment[] {
  const configMaps = resources.filter((r) => r.type === CONFIG_MAP);
  return resources.flatMap((namespace) => {
    const name = environmentNameOf(namespace);
    if (name === undefined) return [];
    const namespaceName = stringAt(namespace, ["metadata", "name"]) ?? name;
    const data = configMaps
      .filter((c) => stringAt(c, ["metadata", "namespace"]) === namespaceName)
      .map((c) => valueAt(c.inputs, ["data"]))
      .filter(isJsonObject);
    const fromData = (key: string) => data.map((d) => d[key]).find((v): v is string => typeof v === "string");
    const annotation = stringAt(namespace, ["metadata", "annotations", ENVIRONMENT_ANNOTATIONS.redisDb]);
    const redisDb = dbNumber(fromData("REDIS_DB")) ?? dbNumber(annotation);
    const mysqlDatabase = fromData("MYSQL_DATABASE");
    return [
      {
        name,
        stack,
        namespace,
        ...(redisDb !== undefined ? { redisDb } : {}),
        ...(mysqlDatabase !== undefined && mysqlDatabase !== "[unknown]" ? { mysqlDatabase } : {}),
      },
    ];
  });
}

/** Every environment of every plan in `plans`. */
export function plannedEnvironments(plans: readonly Plan[]): PlannedEnvironment[] {
  return plans.flatMap((p) => environmentsIn(p.resources, p.stack));
}

/** The environment a Namespace belongs to (its `game-infra/environment` label), if it is one. */
export function environmentNameOf(r: PlanResource): string | undefined {
  if (r.type !== NAMESPACE) return undefined;
  return stringAt(r, ["metadata", "labels", ENVIRONMENT_LABELS.environment]);
}

/**
 * The tier of a stack: `dev` for `dev` and for its environment stacks `dev.<env>`. One tier has one
 * shared Redis (its platform stack's), so Redis DB numbers are compared within a tier.
 */
export function tierOf(stack: string): string {
  return stack.split(".")[0]!;
}

function stringAt(r: PlanResource, path: string[]): string | undefined {
  const v = valueAt(r.inputs, path);
  return typeof v === "string" ? v : undefined;
}

/** A DB number from text; undefined when absent or unknown during preview. */
function dbNumber(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}
