import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { TEAM_NAMESPACE_ROLE, teamGroup } from "../lib/access";
import { parseCidr } from "../lib/cidr";
import type { DataAccessFactory } from "../lib/data-access";
import {
  environmentHosts,
  hostNameProblems,
  hostPatternProblem,
  type PublicEndpoint,
} from "../lib/environment/hosts";
import { environmentRoutes, publicIngress } from "../lib/environment/ingress";
import { environmentLabels, namespaceMetadata } from "../lib/environment/metadata";
import { environmentNetworkPolicies, type SharedNamespaceAccess } from "../lib/environment/network-policies";
import { environmentPreset, type EnvironmentPreset } from "../lib/environment/preset";
import { limitRange, quotaProblems, resourceQuota } from "../lib/environment/quota";
import {
  COUCHBASE_ADMIN_SECRET,
  COUCHBASE_ADMIN_USER,
  SERVER_CONFIG_MAP,
  configHash,
  serverEnv,
  serverConfigData,
} from "../lib/environment/server-config";
import { GAME_SERVER_PORT, SERVER_ROLES, environmentServers } from "../lib/environment/servers";
import { gracePeriodOfTolerations, type Toleration } from "../lib/grace";
import { validateWorkloadSpec } from "../lib/workload/spec";
import type { Placement } from "../lib/workload/spread";
import { assertValidArgs, type ArgProblem } from "../lib/validation";
import {
  DEFAULT_HOST_PATTERN,
  SERVER_NAMES,
  type ImagesConfig,
  type ServerName,
} from "../lib/environment/profile";
import type { EnvironmentConfig } from "../stacks/config";
import { GameWorkload } from "./game-workload";

/** What GameEnvironment needs from the cluster: the shape of the matching `GameCluster` members. */
export interface EnvironmentCluster {
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** The game pool's node selector and tolerations (`GameCluster.gameScheduling`). */
  readonly gameScheduling: Placement;
  /** The not-ready/unreachable tolerations for the stack's grace period (`GameCluster.graceTolerations`). */
  readonly graceTolerations: readonly Toleration[];
  /** The stack's wildcard certificate (`*.<domain>`). */
  readonly certificateArn: pulumi.Input<string>;
}

/** Arguments of {@link GameEnvironment}. */
export interface GameEnvironmentArgs {
  /** The environment's resolved config: identity, versions, sizing, release strategy, quota, chaos. */
  readonly environment: EnvironmentConfig;
  readonly cluster: EnvironmentCluster;
  /**
   * Creates the environment's `mysql`/`redis` ExternalName Services and credential Secrets in the
   * namespace it is given (`SharedDataStores.dataAccessFor(env)`).
   */
  readonly dataAccess: DataAccessFactory;
  /** The stack's domain; hosts are `<hostPattern>.<domain>`. */
  readonly domain: string;
  /** `{server}` and `{env}` in one DNS label. @default "{server}-{env}" */
  readonly hostPattern?: string;
  /** The stack's IngressGroup (`ingressGroupName(project, stack)`): one shared ALB. */
  readonly ingressGroupName: string;
  readonly images: ImagesConfig;
  /**
   * Where the load balancer's traffic comes from: the VPC's public subnets, where the ALB's nodes
   * live. Never a block that holds pods, or other environments could pass as the load balancer.
   */
  readonly loadBalancerCidrs: readonly string[];
  /** @default "gp3" (the cluster's encrypted default StorageClass) */
  readonly storageClassName?: string;
  /**
   * Shared namespaces that may reach named servers (e.g. a metrics scraper). The log collector
   * reads container logs from the node and needs no ingress, so nothing is admitted by default.
   * @default []
   */
  readonly sharedNamespaces?: readonly SharedNamespaceAccess[];
}

/** Checks GameEnvironment's arguments; returns every problem found. */
export function validateEnvironmentArgs(args: GameEnvironmentArgs): ArgProblem[] {
  const env = args.environment;
  const problems: ArgProblem[] = [];
  const pattern = args.hostPattern ?? DEFAULT_HOST_PATTERN;
  const patternProblem = hostPatternProblem(pattern);
  if (patternProblem) problems.push({ propertyPath: "hostPattern", reason: patternProblem });
  else {
    for (const reason of hostNameProblems(pattern, env.name, env.deployment)) {
      problems.push({ propertyPath: "environment.name", reason });
    }
  }
  if (args.loadBalancerCidrs.length === 0) {
    problems.push({ propertyPath: "loadBalancerCidrs", reason: "needs the public subnets' CIDRs" });
  }
  for (const cidr of args.loadBalancerCidrs) {
    const parsed = parseCidr(cidr);
    if (!parsed)
      problems.push({ propertyPath: "loadBalancerCidrs", reason: `"${cidr}" is not an IPv4 CIDR` });
    else if (parsed.prefix < 16) {
      problems.push({
        propertyPath: "loadBalancerCidrs",
        reason: `${cidr} is wider than a VPC; it would admit pods of other environments as if they were the load balancer`,
      });
    }
  }
  for (const access of args.sharedNamespaces ?? []) {
    if (access.namespace === env.name) {
      problems.push({
        propertyPath: "sharedNamespaces",
        reason: "the environment's own namespace is admitted already",
      });
    }
  }
  for (const problem of quotaProblems(env)) {
    problems.push({ propertyPath: `environment.quota.${problem.field}`, reason: problem.message });
  }
  const specs = serverSpecs(args, env.name, {}, [], []);
  for (const server of SERVER_NAMES) {
    for (const problem of validateWorkloadSpec(specs[server])) {
      problems.push({ propertyPath: `servers.${server}.${problem.propertyPath}`, reason: problem.reason });
    }
  }
  return problems;
}

function serverSpecs(
  args: GameEnvironmentArgs,
  namespace: pulumi.Input<string>,
  podAnnotations: Readonly<Record<string, pulumi.Input<string>>>,
  envFrom: k8s.types.input.core.v1.EnvFromSource[],
  serverVariables: k8s.types.input.core.v1.EnvVar[],
) {
  return environmentServers({
    environment: args.environment,
    images: args.images,
    namespace,
    placement: args.cluster.gameScheduling,
    graceTolerations: args.cluster.graceTolerations,
    storageClassName: args.storageClassName ?? "gp3",
    labels: environmentLabels(args.environment.name),
    envFrom,
    serverEnv: serverVariables,
    podAnnotations,
  });
}

/** The RoleBinding that gives the owning team's group edit rights in the namespace. */
export const TEAM_ROLE_BINDING = "team-edit";

/** The pod annotation whose change rolls a server's pods when the environment's settings change. */
export const CONFIG_HASH_ANNOTATION = "game-infra/config-hash";

/**
 * One whole, isolated copy of the game's servers: a namespace labelled with its owner, purpose and
 * versions (restricted Pod Security), its quota and limits, default-deny NetworkPolicies, its own
 * data access (MySQL database and user, Redis DB), the settings every server reads (including the
 * clock offset), the game, league, scheduler and backoffice servers and Couchbase, an Ingress on
 * the stack's shared ALB for the public ones, and edit rights in the namespace for the owning team.
 */
export class GameEnvironment extends pulumi.ComponentResource {
  /** The environment's namespace. */
  readonly namespace: pulumi.Output<string>;
  /** Public URLs by entry point (`game`, `backoffice`, and `gamePreview` for blue/green). */
  readonly urls: Readonly<Partial<Record<PublicEndpoint, string>>>;
  /** Owner, purpose, versions and endpoints: what the stack outputs show. */
  readonly preset: EnvironmentPreset;
  /** The servers, by name. */
  readonly servers: Readonly<Record<ServerName, GameWorkload>>;

  constructor(name: string, args: GameEnvironmentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(
      "game:index:GameEnvironment",
      name,
      { nodeMonitorGracePeriodSeconds: gracePeriodOfTolerations(args.cluster.graceTolerations) },
      opts,
    );
    assertValidArgs("GameEnvironment", name, validateEnvironmentArgs(args));
    const env = args.environment;
    const hostPattern = args.hostPattern ?? DEFAULT_HOST_PATTERN;
    const provider = args.cluster.provider;
    const child = { parent: this, provider };
    const labels = environmentLabels(env.name);

    const namespaceObject = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: namespaceMetadata(env) },
      child,
    );
    const namespace = namespaceObject.metadata.name;

    const quota = new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      resourceQuota({ namespace, labels }, env.quota),
      child,
    );
    const limits = new k8s.core.v1.LimitRange(
      `${name}-limits`,
      limitRange({ namespace, labels }, env.quota),
      child,
    );
    const publicServers = SERVER_NAMES.filter((s) => SERVER_ROLES[s].public);
    for (const policy of environmentNetworkPolicies({
      namespace,
      labels,
      publicServers: publicServers.map((server) => ({ server, port: GAME_SERVER_PORT })),
      loadBalancerCidrs: args.loadBalancerCidrs,
      sharedNamespaces: args.sharedNamespaces ?? [],
    })) {
      new k8s.networking.v1.NetworkPolicy(`${name}-netpol-${policy.key}`, policy.args, child);
    }

    // The owning team edits its own namespace: its principals' access entries (platform stack) map
    // them to the team's group, and this binding is the only grant that group has.
    new k8s.rbac.v1.RoleBinding(
      `${name}-team-edit`,
      {
        metadata: { name: TEAM_ROLE_BINDING, namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: TEAM_NAMESPACE_ROLE },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: teamGroup(env.team) }],
      },
      child,
    );

    const access = args.dataAccess(namespace, this);
    this.preset = environmentPreset(env, args.domain, hostPattern);
    this.urls = this.preset.urls;
    const configData = serverConfigData({ ...env, publicUrls: this.urls }, access);
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      { metadata: { name: SERVER_CONFIG_MAP, namespace, labels }, data: configData },
      child,
    );
    const couchbasePassword = new random.RandomPassword(
      `${name}-couchbase-admin`,
      // Alphanumeric: it goes into couchbase-cli and REST calls unquoted.
      { length: 32, special: false },
      { parent: this },
    );
    const couchbaseAdmin = new k8s.core.v1.Secret(
      `${name}-couchbase-admin`,
      {
        metadata: { name: COUCHBASE_ADMIN_SECRET, namespace, labels },
        type: "Opaque",
        stringData: { username: COUCHBASE_ADMIN_USER, password: pulumi.secret(couchbasePassword.result) },
      },
      child,
    );

    const specs = serverSpecs(
      args,
      namespace,
      { [CONFIG_HASH_ANNOTATION]: configHash(configData) },
      [{ configMapRef: { name: SERVER_CONFIG_MAP } }],
      serverEnv(access),
    );
    const admission = [quota, limits];
    this.servers = Object.fromEntries(
      SERVER_NAMES.map((server) => [
        server,
        new GameWorkload(
          `${name}-${server}`,
          {
            spec: specs[server],
            provider,
            dependsOn: SERVER_ROLES[server].usesData
              ? [...admission, configMap, couchbaseAdmin, ...access.readyResources]
              : admission,
          },
          { parent: this },
        ),
      ]),
    ) as Record<ServerName, GameWorkload>;

    const hosts = environmentHosts(hostPattern, env.name, args.domain, env.deployment);
    new k8s.networking.v1.Ingress(
      `${name}-ingress`,
      publicIngress({
        name: "public",
        namespace,
        labels,
        groupName: args.ingressGroupName,
        certificateArn: args.cluster.certificateArn,
        routes: environmentRoutes(hosts),
      }),
      { ...child, dependsOn: publicServers.map((s) => this.servers[s]) },
    );

    this.namespace = namespace;
    this.registerOutputs({
      namespace: this.namespace,
      urls: this.urls,
      preset: this.preset,
      nodeMonitorGracePeriodSeconds: gracePeriodOfTolerations(args.cluster.graceTolerations),
    });
  }
}
