/**
 * Data-loss risk: a delete or replacement of something that holds state (databases, caches,
 * volumes, the cluster, the keys that decrypt them). These go to the top of every diff, with what
 * softens them (protection, retention, final snapshots) so a reviewer can judge the real risk.
 */
import type { Json } from "../engine/values";
import type { PlanDiff, ResourceChange } from "./diff";
import { displayValue } from "./display-values";
import type { Plan, PlanResource } from "./model";
import { formatPath, valueAt } from "./paths";
import type { LikelyRename } from "./renames";

/**
 * One change that can lose data: a delete or replacement of something holding state, or a change
 * that points an environment at data it should not have (a created or updated namespace given a
 * Redis DB number another environment used; see redis-dbs.ts).
 */
export interface DataLossRisk {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly operation: "delete" | "replace" | "create" | "update";
  /** What holds the data (`RDS database instance`). */
  readonly holds: string;
  /** Why it goes: the replacement causes, or the rename it is part of. */
  readonly reason: string;
  /** What limits the loss (protection, retention, final snapshot), if anything. */
  readonly mitigations: string[];
}

const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  "aws:rds/instance:Instance": "RDS database instance",
  "aws:rds/cluster:Cluster": "Aurora cluster",
  "aws:elasticache/replicationGroup:ReplicationGroup": "ElastiCache replication group",
  "aws:elasticache/cluster:Cluster": "ElastiCache cluster",
  "aws:elasticache/serverlessCache:ServerlessCache": "ElastiCache serverless cache",
  "kubernetes:core/v1:PersistentVolumeClaim": "PersistentVolumeClaim (its volume)",
  "kubernetes:core/v1:PersistentVolume": "PersistentVolume",
  "eks:index:Cluster": "EKS cluster (every workload in it and volumes with reclaimPolicy Delete)",
  "aws:eks/cluster:Cluster": "EKS cluster (every workload in it and volumes with reclaimPolicy Delete)",
  "aws:kms/key:Key": "KMS key (data encrypted with it is unreadable once the deletion window ends)",
  "aws:ebs/volume:Volume": "EBS volume",
  "aws:efs/fileSystem:FileSystem": "EFS file system",
  "aws:s3/bucket:Bucket": "S3 bucket",
  "aws:s3/bucketV2:BucketV2": "S3 bucket",
  "aws:dynamodb/table:Table": "DynamoDB table",
  "aws:opensearch/domain:Domain": "OpenSearch domain",
  "aws:msk/cluster:Cluster": "MSK cluster",
};

/** What state `r` holds, or undefined when losing it loses no data. `plan` finds what a Namespace contains. */
export function statefulKind(r: PlanResource, plan?: Plan): string | undefined {
  const listed = STATEFUL_TYPES[r.type];
  if (listed) return listed;
  if (r.type === "kubernetes:apps/v1:StatefulSet" && volumeClaimTemplates(r).length > 0) {
    return "StatefulSet with volumes";
  }
  if (r.type === "kubernetes:core/v1:Namespace" && plan) {
    const name = metadataName(r) ?? r.name;
    const volumes = plan.resources.filter(
      (x) =>
        metadataNamespace(x) === name &&
        (x.type === "kubernetes:core/v1:PersistentVolumeClaim" ||
          (x.type === "kubernetes:apps/v1:StatefulSet" && volumeClaimTemplates(x).length > 0)),
    );
    if (volumes.length > 0)
      return `Namespace holding volumes (deleting it deletes their claims: ${volumes.map((v) => v.name).join(", ")})`;
  }
  return undefined;
}

/** Every delete or replacement of a stateful resource in `diff`, replacements first. */
export function dataLossRisks(
  diff: PlanDiff,
  base: Plan,
  renames: readonly LikelyRename[] = [],
): DataLossRisk[] {
  const renamedTo = new Map<string, PlanResource>();
  for (const rename of renames) for (const m of rename.members) renamedTo.set(m.from.urn, m.to);
  const goneNamespaces = new Set(
    diff.resources
      .filter(
        (c) =>
          c.type === "kubernetes:core/v1:Namespace" && c.operation !== "create" && c.operation !== "update",
      )
      .map((c) => metadataName(c.before!) ?? c.name),
  );
  const risks: DataLossRisk[] = [];
  for (const change of diff.resources) {
    if (change.operation !== "delete" && change.operation !== "replace") continue;
    const old = change.before!;
    const holds = statefulKind(old, base);
    if (!holds) continue;
    risks.push({
      urn: change.urn,
      type: change.type,
      name: change.name,
      operation: change.operation,
      holds,
      reason: reasonFor(change, renamedTo.get(change.urn)),
      mitigations: mitigations(old, change.after, goneNamespaces),
    });
  }
  return risks.sort((a, b) => (a.operation === b.operation ? 0 : a.operation === "replace" ? -1 : 1));
}

function reasonFor(change: ResourceChange, renamedTo: PlanResource | undefined): string {
  if (change.operation === "replace") {
    return change.replaceReasons
      .map((r) => {
        const c = change.changes.find((x) => formatPath(x.path) === formatPath(r.path));
        const values = c
          ? ` (${displayValue(c.before, c.secret)} -> ${displayValue(c.after, c.secret)})`
          : "";
        return `replaced: ${formatPath(r.path)}${values}: ${r.cause}`;
      })
      .join("; ");
  }
  if (renamedTo) return `deleted and created again as ${renamedTo.name}: its URN changes (likely rename)`;
  return "deleted";
}

function mitigations(
  old: PlanResource,
  next: PlanResource | undefined,
  goneNamespaces: Set<string>,
): string[] {
  const out: string[] = [];
  const current = next ?? old;
  if (old.protect) out.push("protected: `pulumi up` stops before deleting it until `protect` is removed");
  if (old.retainOnDelete) out.push("retainOnDelete: Pulumi stops managing it but leaves it in place");
  const inputs = old.inputs;
  if (inputs.deletionProtection === true) out.push("deletionProtection is on: AWS refuses to delete it");
  if (old.type === "aws:rds/instance:Instance") {
    out.push(
      inputs.skipFinalSnapshot === true
        ? "skipFinalSnapshot is on: no final snapshot is taken"
        : "a final snapshot is taken before deletion",
    );
  }
  if (
    old.type === "aws:elasticache/replicationGroup:ReplicationGroup" &&
    typeof inputs.finalSnapshotIdentifier === "string"
  ) {
    out.push("a final snapshot is taken before deletion");
  }
  if (old.type === "aws:kms/key:Key") {
    out.push(
      `AWS waits ${displayValue(inputs.deletionWindowInDays ?? 30)} days before deleting the key (it can be cancelled)`,
    );
  }
  if (old.type === "kubernetes:apps/v1:StatefulSet") {
    const policy = valueAt(current.inputs, ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"]);
    const namespace = metadataNamespace(old);
    if (namespace !== undefined && goneNamespaces.has(namespace)) {
      out.push(`none: its namespace ${namespace} goes too, and its claims with it`);
    } else {
      out.push(
        policy === "Delete"
          ? "persistentVolumeClaimRetentionPolicy.whenDeleted is Delete: its volumes go with it"
          : "its claims are retained (whenDeleted: Retain): a StatefulSet with the same name and templates reattaches them",
      );
    }
  }
  return out;
}

function volumeClaimTemplates(r: PlanResource): Json[] {
  const templates = valueAt(r.inputs, ["spec", "volumeClaimTemplates"]);
  return Array.isArray(templates) ? templates : [];
}

function metadataName(r: PlanResource): string | undefined {
  const v = valueAt(r.inputs, ["metadata", "name"]);
  return typeof v === "string" ? v : undefined;
}

function metadataNamespace(r: PlanResource): string | undefined {
  const v = valueAt(r.inputs, ["metadata", "namespace"]);
  return typeof v === "string" ? v : undefined;
}
