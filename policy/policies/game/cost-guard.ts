// G6: a cost guard. Each tier's config lists the instance types it may use (globs such as `m6i.*`)
// and caps node counts, so a typo in config cannot start a fleet of large instances in dev.
import type { ResourceValidation } from "@pulumi/policy";

import { checkResource } from "../../lib/check-resource";
import { integerSchema, stringListSchema } from "../../lib/config-schemas";
import { resourcePolicy } from "../../lib/define-policy";
import { globMatches } from "../../lib/glob";
import { RdsInstance, ReplicationGroup } from "../../lib/resource-types";
import { validateNodeGroups } from "../eks/node-group-view";

/** The cost-guard limits of a tier. */
export interface CostGuardConfig {
  readonly allowedNodeInstanceTypes?: readonly string[];
  readonly maxNodesPerGroup?: number;
  readonly allowedDbInstanceClasses?: readonly string[];
  readonly allowedCacheNodeTypes?: readonly string[];
  readonly maxCacheNodes?: number;
}

const defaults = {
  allowedNodeInstanceTypes: [
    "t3.*",
    "t3a.*",
    "m5.large",
    "m5.xlarge",
    "m6i.large",
    "m6i.xlarge",
    "m6a.large",
    "m6a.xlarge",
    "m7i.large",
    "m7i.xlarge",
  ],
  maxNodesPerGroup: 10,
  allowedDbInstanceClasses: ["db.t3.*", "db.t4g.*", "db.m6g.large", "db.m6i.large", "db.m7g.large"],
  allowedCacheNodeTypes: ["cache.t3.*", "cache.t4g.*", "cache.m6g.large", "cache.m7g.large"],
  maxCacheNodes: 3,
};

function configOf(args: { getConfig<T extends object>(): T }): Required<CostGuardConfig> {
  return { ...defaults, ...args.getConfig<CostGuardConfig>() };
}

function outside(value: string, patterns: readonly string[]): boolean {
  return !patterns.some((p) => globMatches(p, value));
}

const nodeGroupLimits: ResourceValidation[] = validateNodeGroups((nodes, args, report) => {
  const config = configOf(args);
  for (const type of nodes.instanceTypes().filter((t) => outside(t, config.allowedNodeInstanceTypes))) {
    report(
      `instance type ${type} is not allowed in this tier (${config.allowedNodeInstanceTypes.join(", ")})`,
    );
  }
  const { max, desired } = nodes.scaling();
  const largest = Math.max(max ?? 0, desired ?? 0);
  if (largest > config.maxNodesPerGroup) {
    report(`node group scales to ${largest} nodes; this tier caps a group at ${config.maxNodesPerGroup}`);
  }
});

/** G6: instance types and node counts stay within the tier's allow-list and caps. */
export const gameCostGuard = resourcePolicy(
  {
    name: "game-cost-guard",
    catalogueId: "G6",
    check:
      "Node, database and cache instance types are on the tier's allow-list, and node counts within its caps.",
    enforcementLevel: "advisory",
    config: {
      allowedNodeInstanceTypes: stringListSchema(
        "Node instance types (globs).",
        defaults.allowedNodeInstanceTypes,
      ),
      maxNodesPerGroup: integerSchema(
        "Most nodes one node group may scale to.",
        defaults.maxNodesPerGroup,
        1,
      ),
      allowedDbInstanceClasses: stringListSchema(
        "RDS instance classes (globs).",
        defaults.allowedDbInstanceClasses,
      ),
      allowedCacheNodeTypes: stringListSchema(
        "ElastiCache node types (globs).",
        defaults.allowedCacheNodeTypes,
      ),
      maxCacheNodes: integerSchema(
        "Most cache nodes one replication group may run.",
        defaults.maxCacheNodes,
        1,
      ),
    },
  },
  [
    ...nodeGroupLimits,
    checkResource(RdsInstance, (db, args) => {
      const { allowedDbInstanceClasses } = configOf(args);
      return outside(String(db.instanceClass), allowedDbInstanceClasses)
        ? `instance class ${db.instanceClass} is not allowed in this tier (${allowedDbInstanceClasses.join(", ")})`
        : undefined;
    }),
    checkResource(ReplicationGroup, (rg, args) => {
      const { allowedCacheNodeTypes, maxCacheNodes } = configOf(args);
      const problems: string[] = [];
      if (rg.nodeType !== undefined && outside(rg.nodeType, allowedCacheNodeTypes)) {
        problems.push(
          `node type ${rg.nodeType} is not allowed in this tier (${allowedCacheNodeTypes.join(", ")})`,
        );
      }
      if ((rg.numCacheClusters ?? 0) > maxCacheNodes) {
        problems.push(`${rg.numCacheClusters} cache nodes; this tier caps a group at ${maxCacheNodes}`);
      }
      return problems;
    }),
  ],
);
