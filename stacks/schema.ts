/**
 * The runtime schema of every `game-infra:*` config key the program reads. Objects are strict: an
 * unknown key (a typo such as `nodepools`) is an error, never silently ignored. Cross-field rules
 * that need the tier's defaults live in `validate.ts`.
 */
import { z } from "zod";
import { KNOWN_INSTANCE_TYPES } from "../lib/instance-types";
import { MAX_AZS } from "../lib/cidr";
import { MYSQL_BACKUP_RETENTION_DAYS, MYSQL_ENGINE_VERSIONS } from "../lib/mysql-settings";
import {
  REDIS_MAX_DATABASES,
  REDIS_MAX_REPLICAS,
  REDIS_SNAPSHOT_RETENTION_DAYS,
} from "../lib/redis-settings";
import { KARPENTER_CAPACITY_TYPES } from "../lib/karpenter";
import { WEEKDAYS } from "../lib/karpenter-schedule";
import { NODE_PROVISIONERS, TIER_NAMES } from "./tier";
import { environmentStackKeys } from "./environment-schema";
import { loggingSchema } from "./logging-schema";
import { ciRunnersKeys } from "./ci-runners-schema";
import { launcherKeys } from "./launcher-schema";
import {
  cidr,
  dnsName,
  duration,
  hostedZoneId,
  iamPrincipalArn,
  logRetentionDays,
  poolName,
  teamName,
  vpcCidr,
} from "./rules";

const positiveInt = z.int().min(0, { message: "must be a whole number, 0 or more" });

/** A known instance type (the sizing tables must know it to compute max-pods and reservations). */
const instanceType = z.string().refine((v) => KNOWN_INSTANCE_TYPES.includes(v), {
  message: `is not an instance type the sizing tables know; known: ${KNOWN_INSTANCE_TYPES.join(", ")}`,
});

/** A Karpenter duration (`30s`, `5m`, `720h`): hours, minutes and seconds only, as the NodePool CRD accepts. */
const karpenterDuration = z.string().regex(/^([0-9]+(s|m|h))+$/, {
  message:
    "must be a duration in hours, minutes or seconds such as 5m, 90s or 720h (Karpenter accepts no days)",
});

const QUANTITY_MESSAGE = 'must be a Kubernetes quantity such as 40, "40000m" or "160Gi"';

/**
 * A Kubernetes CPU or memory quantity, as written in NodePool limits. Each branch carries the
 * message: zod reports the issue of the one branch whose type matches, not the union's.
 */
const quantity = z.union(
  [
    z.int({ message: QUANTITY_MESSAGE }).min(1, { message: QUANTITY_MESSAGE }),
    z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, { message: QUANTITY_MESSAGE }),
  ],
  { message: QUANTITY_MESSAGE },
);

/** Names that must not repeat in a list. */
const unique = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, { message: `needs at least one ${what}` })
    .refine((list) => new Set(list).size === list.length, { message: `lists a ${what} twice` });

/**
 * A node pool in config: every field optional for the tier's pools, overriding the tier's value.
 * Which fields apply depends on `provisioner`; `resolve.ts` refuses those of the other kind by name.
 */
export const nodePoolSchema = z.strictObject({
  provisioner: z
    .enum(NODE_PROVISIONERS, { message: `must be one of ${NODE_PROVISIONERS.join(", ")}` })
    .optional(),
  // Managed node groups.
  instanceTypes: z.array(instanceType).min(1, { message: "needs at least one instance type" }).optional(),
  capacityType: z.enum(["ON_DEMAND", "SPOT"]).optional(),
  minSize: positiveInt.optional(),
  desiredSize: positiveInt.optional(),
  maxSize: z.int().min(1, { message: "must be a whole number, 1 or more" }).optional(),
  // Karpenter pools.
  instanceFamilies: unique(
    z.string().regex(/^[a-z][a-z0-9-]*$/, { message: "must be an EC2 instance family such as m6i" }),
    "instance family",
  ).optional(),
  instanceSizes: unique(
    z.string().regex(/^[a-z0-9-]+$/, { message: "must be an EC2 instance size such as xlarge" }),
    "instance size",
  ).optional(),
  capacityTypes: unique(
    z.enum(KARPENTER_CAPACITY_TYPES, { message: `must be one of ${KARPENTER_CAPACITY_TYPES.join(", ")}` }),
    "capacity type",
  ).optional(),
  limits: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }).optional(),
  consolidateAfter: karpenterDuration.optional(),
  expireAfter: karpenterDuration.optional(),
  disruptionBudget: z
    .string()
    .regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, { message: 'must be a node count ("1") or a percentage ("10%")' })
    .optional(),
  // Both.
  diskSizeGiB: z.int().min(20).max(1000).optional(),
  dedicated: z.boolean().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

/** Karpenter's tier-wide settings in config (see docs/config.md). */
export const karpenterSchema = z.strictObject({
  bottlerocketVersion: z.string().optional(),
  workingHours: z
    .strictObject({
      timeZone: z.string(),
      days: z.array(z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(", ")}` })),
      start: z.string(),
      end: z.string(),
    })
    .optional(),
});

/** A team that owns environments: the IAM principals mapped to its Kubernetes group. */
export const teamSchema = z.strictObject({
  principalArns: z
    .array(iamPrincipalArn)
    .min(1, { message: "needs at least one IAM role or user ARN (the team's members assume it)" }),
});

/** Every `game-infra:*` key, by its short name. */
export const stackConfigSchema = z.strictObject({
  tier: z.enum(TIER_NAMES, { message: `must be one of ${TIER_NAMES.join(", ")}` }).optional(),
  domain: dnsName,
  hostedZoneId,
  network: z.strictObject({
    cidr: vpcCidr,
    azCount: z
      .int()
      .min(2, { message: "must be at least 2 (EKS needs subnets in two AZs)" })
      .max(MAX_AZS)
      .optional(),
    natGateways: z.enum(["single", "perAz"]).optional(),
  }),
  cluster: z.strictObject({
    version: z
      .string()
      .regex(/^1\.(2[89]|3\d)$/, { message: 'must be a Kubernetes minor version such as "1.34"' }),
    nodeMonitorGracePeriod: duration.optional(),
    publicAccessCidrs: z
      .array(
        cidr.refine((v) => !v.endsWith("/0"), {
          message: "must not open the API endpoint to the whole internet",
        }),
      )
      .min(1, { message: "needs at least one CIDR (the public endpoint is allow-listed, never open)" }),
    admins: z.array(iamPrincipalArn).min(1, { message: "needs at least one cluster admin principal" }),
    logRetentionDays: logRetentionDays.optional(),
  }),
  nodePools: z.record(poolName, nodePoolSchema).optional(),
  /** Karpenter's AMI pin and the tier's working hours (see stacks/karpenter-resolve.ts). */
  karpenter: karpenterSchema.optional(),
  mysql: z
    .strictObject({
      engineVersion: z
        .enum(MYSQL_ENGINE_VERSIONS, { message: `must be one of ${MYSQL_ENGINE_VERSIONS.join(", ")}` })
        .optional(),
      instanceClass: z
        .string()
        .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, {
          message: "must be an RDS instance class such as db.t4g.medium",
        })
        .optional(),
      allocatedStorageGiB: z
        .int()
        .min(20, { message: "must be at least 20 (the smallest gp3 volume RDS for MySQL accepts)" })
        .max(65_536, { message: "must be at most 65536 (64 TiB)" })
        .optional(),
      maxAllocatedStorageGiB: z
        .int()
        .min(22, { message: "must be at least 22 (10 % above the smallest allocation)" })
        .max(65_536, { message: "must be at most 65536 (64 TiB)" })
        .optional(),
      backupRetentionDays: z
        .int()
        .min(MYSQL_BACKUP_RETENTION_DAYS.min, {
          message: `must be ${MYSQL_BACKUP_RETENTION_DAYS.min}-${MYSQL_BACKUP_RETENTION_DAYS.max} days (0 would turn automated backups off)`,
        })
        .max(MYSQL_BACKUP_RETENTION_DAYS.max, {
          message: `must be ${MYSQL_BACKUP_RETENTION_DAYS.min}-${MYSQL_BACKUP_RETENTION_DAYS.max} days (RDS keeps automated backups at most ${MYSQL_BACKUP_RETENTION_DAYS.max} days)`,
        })
        .optional(),
      multiAz: z.boolean().optional(),
      deletionProtection: z.boolean().optional(),
      finalSnapshot: z.boolean().optional(),
    })
    .optional(),
  redis: z
    .strictObject({
      databases: z
        .int()
        .min(2, { message: "must be 2 or more (database 0 is kept for shared tooling)" })
        .max(REDIS_MAX_DATABASES, {
          message: `must be at most ${REDIS_MAX_DATABASES} (the ElastiCache limit for the databases parameter); keep it low, every database costs memory`,
        })
        .optional(),
      nodeType: z
        .string()
        .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, {
          message: "must be an ElastiCache node type such as cache.t4g.small",
        })
        .optional(),
      replicas: z
        .int()
        .min(0, { message: `must be 0-${REDIS_MAX_REPLICAS}` })
        .max(REDIS_MAX_REPLICAS, {
          message: `must be 0-${REDIS_MAX_REPLICAS} (ElastiCache allows at most ${REDIS_MAX_REPLICAS} read replicas)`,
        })
        .optional(),
      snapshotRetentionDays: z
        .int()
        .min(REDIS_SNAPSHOT_RETENTION_DAYS.min, {
          message: `must be ${REDIS_SNAPSHOT_RETENTION_DAYS.min}-${REDIS_SNAPSHOT_RETENTION_DAYS.max} days (0 turns automatic snapshots off)`,
        })
        .max(REDIS_SNAPSHOT_RETENTION_DAYS.max, {
          message: `must be ${REDIS_SNAPSHOT_RETENTION_DAYS.min}-${REDIS_SNAPSHOT_RETENTION_DAYS.max} days (ElastiCache keeps automatic snapshots at most ${REDIS_SNAPSHOT_RETENTION_DAYS.max} days)`,
        })
        .optional(),
      finalSnapshot: z.boolean().optional(),
    })
    .optional(),
  /** Teams that own environments (each environment file names its `team`). */
  teams: z.record(teamName, teamSchema).optional(),
  /** Redis AUTH token; only ever set with `--secret`. */
  redisAuthToken: z
    .string()
    .regex(/^[!#-.0-?A-~]{16,128}$/, {
      message:
        "must be 16-128 printable ASCII characters without spaces, '\"', '/' or '@' (ElastiCache AUTH token rules)",
    })
    .optional(),
  /** The shared log pipeline (see stacks/logging-schema.ts). */
  logging: loggingSchema,
  /** Server images and public host names of every environment (see environment-schema.ts). */
  ...environmentStackKeys,
  /** Self-hosted CI runners in the stack's VPC (see ci-runners-schema.ts). */
  ...ciRunnersKeys,
  /** The launcher web service (see launcher-schema.ts). */
  ...launcherKeys,
});

/** The config as written, after schema validation and before tier defaults. */
export type StackConfigInput = z.infer<typeof stackConfigSchema>;
/** The top-level config keys, in the order the schema declares them. */
export const CONFIG_KEYS: readonly string[] = Object.keys(stackConfigSchema.shape);
