/**
 * A platform stack's monthly cost by part, read from its plan: what the stack runs around the clock
 * whatever the environments do. Each part counts what the plan registers and prices it from the
 * table; a part whose price the table lacks says so instead of counting as zero.
 *
 * - EKS control plane: one per `eks:index:Cluster`, at the standard-support rate (a version past
 *   standard support costs the extended rate; the plan's version is shown).
 * - NAT gateways: one per `aws:ec2/natGateway:NatGateway`, hourly (data processed is per GB and
 *   not estimated).
 * - Public IPv4 addresses: every Elastic IP (the NAT gateways'), and one per public subnet for each
 *   internet-facing ALB (the load balancer controller puts a node in every public subnet).
 * - The shared ALB: one per IngressGroup the stack's Ingresses and its environments' settings name
 *   (an ungrouped `alb` Ingress is an ALB of its own), hourly plus `albLcus` LCUs.
 * - System nodes: each managed node group other than the game pool at its desired size, instance
 *   and data volume; the log pipeline's requests (the stack's `logging.systemPoolNodes`, nodes'
 *   worth) are shown as their own part, the rest as "system nodes".
 * - Log storage: the OpenSearch and Kafka volumes; other volumes the stack claims on their own line.
 * - RDS: instance-hours by class and deployment, plus allocated gp3 storage.
 * - ElastiCache: node-hours by engine and node type, one per cache cluster of the replication group.
 *
 * The game pool has no part here: its nodes come and go with the environments, whose shares are
 * priced per environment (`environment.ts`).
 */
import { formatRate, priced, scale, sum, ZERO, type Money } from "./money";
import { nodeHour } from "./pool";
import { HOURS_PER_MONTH, type PriceTable } from "./prices";
import { volumesMonthly } from "./environment";
import { array, claimedVolumes, num, object, str, type CostResource } from "./workloads";

/** One line of a stack's cost. */
export interface CostLine {
  readonly id: string;
  readonly label: string;
  /** What was counted (`1 × $0.10/h`, `2 × m6i.large on-demand`). */
  readonly detail: string;
  readonly monthly: Money;
}

/** A platform stack's cost. */
export interface PlatformCost {
  readonly lines: readonly CostLine[];
  readonly total: Money;
  readonly notes: readonly string[];
}

/** A plan as the cost reads it (`tools/plan/model.ts` `Plan` fits). */
export interface CostPlan {
  readonly stack: string;
  readonly resources: readonly CostResource[];
  readonly outputs: unknown;
}

/** Usage the estimate assumes where the price is per unit of traffic. */
export interface UsageAssumptions {
  /** LCUs each ALB uses on average. @default 1 */
  readonly albLcus?: number;
}

/** LCUs per ALB the estimate assumes: one, a ceiling for light developer traffic. */
export const DEFAULT_ALB_LCUS = 1;

const GAME_POOL_LABEL = "game-infra/pool";

/** The platform stack's monthly cost by part. */
export function platformCost(plan: CostPlan, prices: PriceTable, usage: UsageAssumptions = {}): PlatformCost {
  const r = plan.resources;
  const notes: string[] = [];
  const lines: CostLine[] = [];
  const hourly = (figure: Parameters<typeof priced>[0], count: number, path: string) =>
    priced(figure, count * HOURS_PER_MONTH, path);
  const rate = (figure: Parameters<typeof priced>[0], unit: string) =>
    figure && "usd" in figure ? `${formatRate(figure.usd)}${unit}` : "unknown";

  const clusters = r.filter((x) => x.type === "eks:index:Cluster");
  if (clusters.length > 0) {
    const versions = [...new Set(clusters.map((c) => str(c.inputs["version"]) ?? "?"))].join(", ");
    lines.push({
      id: "controlPlane",
      label: "EKS control plane",
      detail: `${clusters.length} × ${rate(prices.eks.clusterHour, "/h")} (Kubernetes ${versions}, standard support)`,
      monthly: hourly(prices.eks.clusterHour, clusters.length, "eks.clusterHour"),
    });
  }

  const nats = r.filter((x) => x.type === "aws:ec2/natGateway:NatGateway").length;
  if (nats > 0) {
    lines.push({
      id: "natGateways",
      label: "NAT gateways",
      detail: `${nats} × ${rate(prices.natGateway.hour, "/h")} (data processed not included)`,
      monthly: hourly(prices.natGateway.hour, nats, "natGateway.hour"),
    });
  }

  const albs = albCount(r, plan.outputs);
  const publicSubnets = array(object(plan.outputs)["publicSubnetIds"]).length;
  const eips = r.filter((x) => x.type === "aws:ec2/eip:Eip").length;
  const addresses = eips + albs * publicSubnets;
  if (addresses > 0) {
    lines.push({
      id: "publicIpv4",
      label: "Public IPv4 addresses",
      detail: `${addresses} × ${rate(prices.publicIpv4.hour, "/h")} (${eips} Elastic IP, ${albs} ALB × ${publicSubnets} public subnets)`,
      monthly: hourly(prices.publicIpv4.hour, addresses, "publicIpv4.hour"),
    });
  }
  if (albs > 0) {
    const lcus = usage.albLcus ?? DEFAULT_ALB_LCUS;
    lines.push({
      id: "loadBalancer",
      label: "Shared ALB",
      detail: `${albs} × (${rate(prices.alb.hour, "/h")} + ${lcus} LCU × ${rate(prices.alb.lcuHour, "/h")})`,
      monthly: sum(
        hourly(prices.alb.hour, albs, "alb.hour"),
        hourly(prices.alb.lcuHour, albs * lcus, "alb.lcuHour"),
      ),
    });
  }

  const groups = r.filter(
    (x) => x.type === "eks:index:ManagedNodeGroup" && object(x.inputs["labels"])[GAME_POOL_LABEL] !== "game",
  );
  let systemTotal: Money = ZERO;
  const systemDetails: string[] = [];
  let systemNodes = 0;
  for (const group of groups) {
    const types = array(group.inputs["instanceTypes"]).filter((t): t is string => typeof t === "string");
    const desired = num(object(group.inputs["scalingConfig"])["desiredSize"]) ?? 0;
    const capacity = group.inputs["capacityType"] === "SPOT" ? "spot" : "on-demand";
    const disk = num(group.inputs["diskSize"]) ?? 0;
    const type = types[0];
    if (!type || desired === 0) continue;
    const perNode = scale(nodeHour(type, capacity, disk, prices), HOURS_PER_MONTH);
    systemTotal = sum(systemTotal, scale(perNode, desired));
    systemNodes += desired;
    systemDetails.push(`${desired} × ${type} ${capacity} + ${disk} GiB gp3`);
  }
  if (systemNodes > 0) {
    const logging = num(object(object(plan.outputs)["logging"])["systemPoolNodes"]) ?? 0;
    const loggingNodes = Math.min(logging, systemNodes);
    const loggingShare = scale(systemTotal, loggingNodes / systemNodes);
    const rest = scale(systemTotal, (systemNodes - loggingNodes) / systemNodes);
    lines.push({
      id: "systemNodes",
      label: "System nodes (add-ons, controllers, launcher)",
      detail: `${systemDetails.join("; ")}, less the log pipeline's share`,
      monthly: rest,
    });
    if (loggingNodes > 0) {
      lines.push({
        id: "loggingNodes",
        label: "Log pipeline's share of system nodes",
        detail: `${loggingNodes} of ${systemNodes} nodes' worth of requests (OpenSearch, Dashboards, Kafka)`,
        monthly: loggingShare,
      });
    }
    if (logging > systemNodes) {
      notes.push(
        `the log pipeline requests ${logging} system nodes' worth, more than the ${systemNodes} the group runs`,
      );
    }
  }

  const volumes = claimedVolumes(r);
  const logVolumes = volumes.filter(
    (v) => v.owner.startsWith("OpenSearch") || v.owner.startsWith("KafkaNodePool"),
  );
  const otherVolumes = volumes.filter((v) => !logVolumes.includes(v));
  if (logVolumes.length > 0) {
    const priced = volumesMonthly(logVolumes, prices);
    notes.push(...priced.notes);
    lines.push({
      id: "logStorage",
      label: "Log storage (OpenSearch, Kafka volumes)",
      detail: logVolumes.map((v) => `${v.count} × ${v.sizeGiB} GiB ${v.owner}`).join("; "),
      monthly: priced.monthly,
    });
  }
  if (otherVolumes.length > 0) {
    const priced = volumesMonthly(otherVolumes, prices);
    notes.push(...priced.notes);
    lines.push({
      id: "volumes",
      label: "Other volumes",
      detail: otherVolumes.map((v) => `${v.count} × ${v.sizeGiB} GiB ${v.owner}`).join("; "),
      monthly: priced.monthly,
    });
  }

  for (const db of r.filter((x) => x.type === "aws:rds/instance:Instance")) {
    const cls = str(db.inputs["instanceClass"]) ?? "?";
    const multiAz = db.inputs["multiAz"] === true;
    const deployment = multiAz ? "multiAz" : "singleAz";
    const storage = num(db.inputs["allocatedStorage"]) ?? 0;
    const storageType = str(db.inputs["storageType"]) ?? "gp2";
    const engine = str(db.inputs["engine"]) ?? "?";
    const instance =
      engine === "mysql"
        ? hourly(prices.rds.mysqlHour[cls]?.[deployment], 1, `rds.mysqlHour.${cls}.${deployment}`)
        : { usd: 0, unknown: [`rds engine ${engine}`], secondary: false };
    const disk =
      storageType === "gp3"
        ? priced(prices.rds.gp3GbMonth[deployment], storage, `rds.gp3GbMonth.${deployment}`)
        : { usd: 0, unknown: [`rds storage type ${storageType}`], secondary: false };
    lines.push({
      id: "rds",
      label: "RDS MySQL",
      detail: `${cls} ${multiAz ? "Multi-AZ" : "Single-AZ"} + ${storage} GiB ${storageType} (allocated; autoscaling may add more)`,
      monthly: sum(instance, disk),
    });
  }

  for (const group of r.filter((x) => x.type === "aws:elasticache/replicationGroup:ReplicationGroup")) {
    const nodeType = str(group.inputs["nodeType"]) ?? "?";
    const engine = (str(group.inputs["engine"]) ?? "redis").toLowerCase();
    const nodes =
      num(group.inputs["numCacheClusters"]) ??
      (num(group.inputs["numNodeGroups"]) ?? 1) * ((num(group.inputs["replicasPerNodeGroup"]) ?? 0) + 1);
    lines.push({
      id: "elasticache",
      label: `ElastiCache (${engine})`,
      detail: `${nodes} × ${nodeType}`,
      monthly: hourly(
        prices.elasticache.nodeHour[engine]?.[nodeType],
        nodes,
        `elasticache.nodeHour.${engine}.${nodeType}`,
      ),
    });
  }

  return { lines, total: sum(...lines.map((l) => l.monthly)), notes };
}

/**
 * ALBs the stack pays for: the IngressGroups its `alb` Ingresses join, plus the group its
 * environments join (`environmentSettings.ingressGroupName`), one ALB each; an `alb` Ingress in no
 * group is an ALB of its own.
 */
export function albCount(resources: readonly CostResource[], outputs: unknown): number {
  const groups = new Set<string>();
  let ungrouped = 0;
  for (const ingress of resources.filter((x) => x.type === "kubernetes:networking.k8s.io/v1:Ingress")) {
    if (object(ingress.inputs["spec"])["ingressClassName"] !== "alb") continue;
    const group = str(
      object(object(ingress.inputs["metadata"])["annotations"])["alb.ingress.kubernetes.io/group.name"],
    );
    if (group) groups.add(group);
    else ungrouped += 1;
  }
  const environments = str(object(object(outputs)["environmentSettings"])["ingressGroupName"]);
  if (environments) groups.add(environments);
  return groups.size + ungrouped;
}
