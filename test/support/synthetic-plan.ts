/**
 * TEST ONLY: hand-built plans in the shape of `plans/<stack>.json`, with URNs computed the way the
 * engine does (parent type chain + name), for diff scenarios the real program cannot (or should not)
 * produce: an RDS engine change, a 300-resource change, a leaked secret.
 */
import type { Json } from "../../tools/engine/values";
import { rootStackUrn, type Plan, type PlanResource } from "../../tools/plan/model";

/** Options of one synthetic resource. */
export interface ResourceOptions {
  readonly parent?: PlanResource;
  readonly custom?: boolean;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly provider?: PlanResource;
  readonly dependsOn?: readonly PlanResource[];
}

/** Builds one plan resource by resource. */
export class PlanBuilder {
  readonly resources: PlanResource[] = [];
  constructor(
    readonly stack = "dev",
    readonly project = "game-infra",
  ) {}

  /** Adds a resource and returns it (to use as a parent or provider). */
  add(
    type: string,
    name: string,
    inputs: { [key: string]: Json } = {},
    options: ResourceOptions = {},
  ): PlanResource {
    const parentChain = options.parent ? options.parent.urn.split("::")[2]! : undefined;
    const chain = parentChain ? `${parentChain}$${type}` : type;
    const resource: PlanResource = {
      urn: `urn:pulumi:${this.stack}::${this.project}::${chain}::${name}`,
      type,
      name,
      parent: options.parent?.urn ?? rootStackUrn(this.project, this.stack),
      custom: options.custom ?? !type.startsWith("game:"),
      inputs,
      protect: options.protect ?? false,
      retainOnDelete: options.retainOnDelete ?? false,
      dependsOn: (options.dependsOn ?? []).map((d) => d.urn),
      provider: options.provider?.urn ?? null,
    };
    this.resources.push(resource);
    return resource;
  }

  /** The plan, sorted by URN like the real one. */
  build(outputs: Json = {}): Plan {
    const resources = [...this.resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return { project: this.project, stack: this.stack, resources, outputs };
  }
}

/** One environment of a synthetic stack. */
export interface SyntheticEnvironment {
  readonly name: string;
  readonly version: string;
  readonly owner?: string;
}

/** What a synthetic stack holds. */
export interface SyntheticStack {
  readonly environments: readonly SyntheticEnvironment[];
  /** Overrides of the RDS instance's inputs. */
  readonly rds?: { [key: string]: Json };
  /** Extra resources to add after the standard ones. */
  readonly extra?: (b: PlanBuilder, parts: { provider: PlanResource }) => void;
}

/** Servers of every synthetic environment. */
export const SERVERS = ["gameserver", "league", "scheduler", "backoffice"] as const;

/**
 * A small stack in the program's shape: a cluster with its KMS key and Kubernetes provider, shared
 * data stores (RDS, ElastiCache), and per environment a namespace, config, secret, Deployments,
 * Services and a Couchbase StatefulSet with a volume.
 */
export function syntheticStack(spec: SyntheticStack): Plan {
  const b = new PlanBuilder();
  const cluster = b.add("game:index:GameCluster", "dev");
  const key = b.add(
    "aws:kms/key:Key",
    "dev-secrets",
    { description: "secrets", enableKeyRotation: true },
    { parent: cluster },
  );
  const eks = b.add(
    "eks:index:Cluster",
    "dev-eks",
    {
      name: "game-infra-dev",
      encryptionConfigKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/dev-secrets-id",
      version: "1.34",
    },
    { parent: cluster, custom: false, dependsOn: [key] },
  );
  const provider = b.add(
    "pulumi:providers:kubernetes",
    "dev-k8s",
    { kubeconfig: "[secret]", enableServerSideApply: "true" },
    { parent: cluster, dependsOn: [eks] },
  );
  b.add(
    "eks:index:ManagedNodeGroup",
    "dev-game",
    {
      cluster: eks.urn,
      instanceTypes: ["m6i.xlarge"],
      capacityType: "SPOT",
      scalingConfig: { minSize: 2, maxSize: 6, desiredSize: 3 },
    },
    { parent: cluster, custom: false },
  );

  const stores = b.add("game:index:SharedDataStores", "dev");
  const subnets = b.add(
    "aws:rds/subnetGroup:SubnetGroup",
    "dev-mysql-subnets",
    { subnetIds: ["dev-private-0-id"] },
    { parent: stores },
  );
  b.add(
    "aws:rds/instance:Instance",
    "dev-mysql-instance",
    {
      identifier: "game-infra-dev-mysql",
      engine: "mysql",
      engineVersion: "8.0",
      instanceClass: "db.t4g.medium",
      allocatedStorage: 20,
      storageEncrypted: true,
      dbSubnetGroupName: "dev-mysql-subnets-e7781ea",
      username: "admin",
      password: "[secret]",
      skipFinalSnapshot: false,
      ...spec.rds,
    },
    { parent: stores, protect: true, dependsOn: [subnets] },
  );
  b.add(
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "dev-redis-group",
    {
      replicationGroupId: "game-infra-dev-redis",
      engine: "redis",
      engineVersion: "7.1",
      atRestEncryptionEnabled: true,
      authToken: "[secret]",
    },
    { parent: stores, protect: true },
  );

  for (const env of spec.environments) {
    const e = b.add("game:index:GameEnvironment", env.name);
    const k8s = { parent: e, provider };
    const labels = {
      "game-infra/environment": env.name,
      "game-infra/owner": env.owner ?? "mina@studio.example",
    };
    b.add(
      "kubernetes:core/v1:Namespace",
      `${env.name}-namespace`,
      { metadata: { name: env.name, labels } },
      k8s,
    );
    b.add(
      "kubernetes:core/v1:ConfigMap",
      `${env.name}-config`,
      {
        metadata: { name: "game-config", namespace: env.name },
        data: { GAME_ENV: env.name, MYSQL_DATABASE: `game_${env.name}` },
      },
      k8s,
    );
    b.add(
      "kubernetes:core/v1:Secret",
      `${env.name}-mysql-credentials`,
      { metadata: { name: "mysql-credentials", namespace: env.name }, stringData: "[secret]" },
      k8s,
    );
    for (const server of SERVERS) {
      const w = b.add("game:index:GameWorkload", `${env.name}-${server}`, {}, { parent: e });
      const selector = {
        matchLabels: { "app.kubernetes.io/name": server, "app.kubernetes.io/instance": env.name },
      };
      b.add(
        "kubernetes:apps/v1:Deployment",
        `${env.name}-${server}-deployment`,
        {
          metadata: {
            name: server,
            namespace: env.name,
            labels: { ...labels, "app.kubernetes.io/version": env.version },
          },
          spec: {
            replicas: 1,
            selector,
            template: {
              metadata: { labels: { ...selector.matchLabels, "app.kubernetes.io/version": env.version } },
              spec: {
                containers: [{ name: server, image: `registry.example/game/${server}:${env.version}` }],
              },
            },
          },
        },
        { parent: w, provider },
      );
      b.add(
        "kubernetes:core/v1:Service",
        `${env.name}-${server}-service`,
        {
          metadata: { name: server, namespace: env.name },
          spec: { selector: selector.matchLabels, ports: [{ port: 80 }] },
        },
        { parent: w, provider },
      );
    }
    const couchbase = b.add("game:index:GameWorkload", `${env.name}-couchbase`, {}, { parent: e });
    b.add(
      "kubernetes:apps/v1:StatefulSet",
      `${env.name}-couchbase-statefulset`,
      {
        metadata: { name: "couchbase", namespace: env.name },
        spec: {
          serviceName: "couchbase",
          selector: { matchLabels: { "app.kubernetes.io/name": "couchbase" } },
          volumeClaimTemplates: [
            { metadata: { name: "data" }, spec: { resources: { requests: { storage: "10Gi" } } } },
          ],
          template: { spec: { containers: [{ name: "couchbase", image: "couchbase/server:7.6.6" }] } },
        },
      },
      { parent: couchbase, provider },
    );
  }
  spec.extra?.(b, { provider });
  return b.build({ environments: spec.environments.map((e) => ({ name: e.name, version: e.version })) });
}

/** The URN of `urn`'s resource and every resource below it (by parent links) in `plan`. */
export function subtree(plan: Plan, urn: string): Set<string> {
  const out = new Set([urn]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of plan.resources) {
      if (r.parent && out.has(r.parent) && !out.has(r.urn)) {
        out.add(r.urn);
        grew = true;
      }
    }
  }
  return out;
}
