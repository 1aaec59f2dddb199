/**
 * Every limit of the config and registry schemas (stacks/schema.ts, logging-schema.ts,
 * environment-schema.ts, registry-schema.ts), parsed directly and described as users read them
 * (stacks/issue-messages.ts), without the stack resolver or Pulumi: each bound just inside (accepted)
 * and just outside (the exact message naming the key), each enum's allowed values, and each pattern
 * with a value it must take and one it must refuse.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { z } from "zod";
import { describeIssueAt, PARSE_OPTIONS } from "../stacks/issue-messages";
import { karpenterSchema, nodePoolSchema, stackConfigSchema, teamSchema } from "../stacks/schema";
import { loggingSchema } from "../stacks/logging-schema";
import { environmentStackKeys, environmentWorkloadKeys, MAX_REPLICAS } from "../stacks/environment-schema";
import {
  environmentFileSchema,
  registryDefaultsSchema,
  retiredRedisDbSchema,
  retiredRedisDbsSchema,
} from "../stacks/registry-schema";

/** `[]` when `schema` takes `value`; else its problems as `<key>...: <message>` lines. */
function check(schema: z.ZodType, key: string, value: unknown): string[] {
  const result = schema.safeParse(value, PARSE_OPTIONS);
  if (result.success) return [];
  return result.error.issues
    .flatMap((issue) => describeIssueAt([key], issue, schema))
    .map((i) => `${i.path}: ${i.message}`);
}

/** Asserts each `[value, expected lines]` case of one schema. */
function cases(
  schema: z.ZodType,
  key: string,
  table: ReadonlyArray<readonly [unknown, readonly string[]]>,
): void {
  for (const [value, expected] of table) {
    assert.deepEqual(check(schema, key, value), expected, JSON.stringify(value));
  }
}

const S = stackConfigSchema.shape;
const pool = (patch: Record<string, unknown>) => patch;

describe("schema limits: node pools", () => {
  const P = "nodePools.game";

  it("takes managed or karpenter as the provisioner", () => {
    cases(nodePoolSchema, P, [
      [pool({ provisioner: "managed" }), []],
      [pool({ provisioner: "karpenter" }), []],
      [pool({ provisioner: "fargate" }), [`${P}.provisioner: must be one of "managed", "karpenter"`]],
    ]);
  });

  it("takes known instance types, at least one", () => {
    cases(nodePoolSchema, P, [
      [pool({ instanceTypes: ["m6i.large"] }), []],
      [pool({ instanceTypes: [] }), [`${P}.instanceTypes: needs at least one instance type`]],
    ]);
    const [unknown] = check(nodePoolSchema, P, pool({ instanceTypes: ["m6i.large", "zz9.mega"] }));
    assert.ok(
      unknown!.startsWith(`${P}.instanceTypes[1]: is not an instance type the sizing tables know; known: `),
      unknown,
    );
    assert.ok(unknown!.includes(", m6i.large, "), unknown);
  });

  it("takes ON_DEMAND or SPOT as a managed pool's capacity type", () => {
    cases(nodePoolSchema, P, [
      [pool({ capacityType: "ON_DEMAND" }), []],
      [pool({ capacityType: "SPOT" }), []],
      [pool({ capacityType: "spot" }), [`${P}.capacityType: must be one of "ON_DEMAND", "SPOT"`]],
    ]);
  });

  it("takes sizes from 0 (min, desired) and 1 (max)", () => {
    cases(nodePoolSchema, P, [
      [pool({ minSize: 0, desiredSize: 0, maxSize: 1 }), []],
      [pool({ minSize: -1 }), [`${P}.minSize: must be a whole number, 0 or more`]],
      [pool({ desiredSize: -1 }), [`${P}.desiredSize: must be a whole number, 0 or more`]],
      [pool({ maxSize: 0 }), [`${P}.maxSize: must be a whole number, 1 or more`]],
    ]);
  });

  it("takes instance families and sizes as EC2 writes them, each once", () => {
    cases(nodePoolSchema, P, [
      [
        pool({ instanceFamilies: ["m6i", "c7g-flex"], instanceSizes: ["xlarge", "2xlarge", "metal-24xl"] }),
        [],
      ],
      [pool({ instanceFamilies: [] }), [`${P}.instanceFamilies: needs at least one instance family`]],
      [pool({ instanceFamilies: ["m6i", "m6i"] }), [`${P}.instanceFamilies: lists a instance family twice`]],
      [
        pool({ instanceFamilies: ["M6i"] }),
        [`${P}.instanceFamilies[0]: must be an EC2 instance family such as m6i`],
      ],
      [
        pool({ instanceFamilies: ["6i"] }),
        [`${P}.instanceFamilies[0]: must be an EC2 instance family such as m6i`],
      ],
      [
        pool({ instanceFamilies: ["m6i "] }),
        [`${P}.instanceFamilies[0]: must be an EC2 instance family such as m6i`],
      ],
      [pool({ instanceSizes: [] }), [`${P}.instanceSizes: needs at least one instance size`]],
      [pool({ instanceSizes: ["large", "large"] }), [`${P}.instanceSizes: lists a instance size twice`]],
      [
        pool({ instanceSizes: ["x.large"] }),
        [`${P}.instanceSizes[0]: must be an EC2 instance size such as xlarge`],
      ],
      [
        pool({ instanceSizes: [" large"] }),
        [`${P}.instanceSizes[0]: must be an EC2 instance size such as xlarge`],
      ],
    ]);
  });

  it("takes spot and on-demand as Karpenter capacity types, each once", () => {
    cases(nodePoolSchema, P, [
      [pool({ capacityTypes: ["spot", "on-demand"] }), []],
      [pool({ capacityTypes: [] }), [`${P}.capacityTypes: needs at least one capacity type`]],
      [pool({ capacityTypes: ["spot", "spot"] }), [`${P}.capacityTypes: lists a capacity type twice`]],
      [pool({ capacityTypes: ["reserved"] }), [`${P}.capacityTypes[0]: must be one of "spot", "on-demand"`]],
    ]);
  });

  it("takes Kubernetes quantities as limits: a whole number from 1, or a quantity string", () => {
    const quantity = 'must be a Kubernetes quantity such as 40, "40000m" or "160Gi"';
    cases(nodePoolSchema, P, [
      [pool({ limits: { cpu: 1, memory: "160Gi" } }), []],
      [pool({ limits: { cpu: "40000m", memory: "1.5Ti" } }), []],
      [pool({ limits: { cpu: "40", memory: "512M" } }), []],
      [pool({ limits: { cpu: 0 } }), [`${P}.limits.cpu: ${quantity}`]],
      [pool({ limits: { cpu: 1.5 } }), [`${P}.limits.cpu: ${quantity}`]],
      [pool({ limits: { cpu: "1." } }), [`${P}.limits.cpu: ${quantity}`]],
      [pool({ limits: { memory: "160GB" } }), [`${P}.limits.memory: ${quantity}`]],
      [pool({ limits: { memory: "x160Gi" } }), [`${P}.limits.memory: ${quantity}`]],
      [
        pool({ limits: { gpu: 1 } }),
        [`${P}.limits.gpu: unknown key (did you mean "cpu"?); allowed: cpu, memory`],
      ],
    ]);
  });

  it("takes Karpenter durations in hours, minutes and seconds only", () => {
    const message =
      "must be a duration in hours, minutes or seconds such as 5m, 90s or 720h (Karpenter accepts no days)";
    cases(nodePoolSchema, P, [
      [pool({ consolidateAfter: "5m", expireAfter: "720h" }), []],
      [pool({ consolidateAfter: "1h30m", expireAfter: "90s" }), []],
      [pool({ consolidateAfter: "1d" }), [`${P}.consolidateAfter: ${message}`]],
      [pool({ consolidateAfter: "5" }), [`${P}.consolidateAfter: ${message}`]],
      [pool({ expireAfter: "m5" }), [`${P}.expireAfter: ${message}`]],
      [pool({ expireAfter: "720h " }), [`${P}.expireAfter: ${message}`]],
    ]);
  });

  it("takes a disruption budget as a count or a percentage up to 100 %", () => {
    const message = 'must be a node count ("1") or a percentage ("10%")';
    cases(nodePoolSchema, P, [
      [pool({ disruptionBudget: "0" }), []],
      [pool({ disruptionBudget: "25" }), []],
      [pool({ disruptionBudget: "5%" }), []],
      [pool({ disruptionBudget: "100%" }), []],
      [pool({ disruptionBudget: "101%" }), [`${P}.disruptionBudget: ${message}`]],
      [pool({ disruptionBudget: "1000%" }), [`${P}.disruptionBudget: ${message}`]],
      [pool({ disruptionBudget: "%" }), [`${P}.disruptionBudget: ${message}`]],
      [pool({ disruptionBudget: "10%x" }), [`${P}.disruptionBudget: ${message}`]],
      [pool({ disruptionBudget: "x10" }), [`${P}.disruptionBudget: ${message}`]],
    ]);
  });

  it("takes 20 to 1000 GiB disks", () => {
    cases(nodePoolSchema, P, [
      [pool({ diskSizeGiB: 20 }), []],
      [pool({ diskSizeGiB: 1000 }), []],
      [pool({ diskSizeGiB: 19 }), [`${P}.diskSizeGiB: must be at least 20`]],
      [pool({ diskSizeGiB: 1001 }), [`${P}.diskSizeGiB: must be at most 1000`]],
    ]);
  });
});

describe("schema limits: karpenter and teams", () => {
  it("takes weekday names as Karpenter's working days", () => {
    const hours = { timeZone: "UTC", days: ["Mon"], start: "08:00", end: "18:00" };
    cases(karpenterSchema, "karpenter", [
      [{ workingHours: hours }, []],
      [{ workingHours: { ...hours, days: ["Sun", "Sat"] } }, []],
      [
        { workingHours: { ...hours, days: ["Monday"] } },
        ['karpenter.workingHours.days[0]: must be one of "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"'],
      ],
    ]);
  });

  it("needs a team principal", () => {
    cases(teamSchema, "teams.qa", [
      [{ principalArns: ["arn:aws:iam::123456789012:role/qa"] }, []],
      [
        { principalArns: [] },
        ["teams.qa.principalArns: needs at least one IAM role or user ARN (the team's members assume it)"],
      ],
    ]);
  });
});

describe("schema limits: tier, network and cluster", () => {
  it("takes dev, qa or stage as the tier", () => {
    cases(S.tier, "tier", [
      ["qa", []],
      ["prod", ['tier: must be one of "dev", "qa", "stage"']],
    ]);
  });

  it("takes 2 to 4 AZs and one or per-AZ NAT gateways", () => {
    const net = { cidr: "10.20.0.0/16" };
    cases(S.network, "network", [
      [{ ...net, azCount: 2, natGateways: "single" }, []],
      [{ ...net, azCount: 4, natGateways: "perAz" }, []],
      [{ ...net, azCount: 1 }, ["network.azCount: must be at least 2 (EKS needs subnets in two AZs)"]],
      [{ ...net, azCount: 5 }, ["network.azCount: must be at most 4"]],
      [{ ...net, natGateways: "both" }, ['network.natGateways: must be one of "single", "perAz"']],
    ]);
  });

  it("takes Kubernetes 1.28 to 1.39, an allow-listed endpoint and an admin", () => {
    const cluster = {
      version: "1.34",
      publicAccessCidrs: ["203.0.113.0/24"],
      admins: ["arn:aws:iam::123456789012:role/admin"],
    };
    const version = 'cluster.version: must be a Kubernetes minor version such as "1.34"';
    cases(S.cluster, "cluster", [
      [cluster, []],
      [{ ...cluster, version: "1.28" }, []],
      [{ ...cluster, version: "1.39" }, []],
      [{ ...cluster, version: "1.27" }, [version]],
      [{ ...cluster, version: "1.40" }, [version]],
      [{ ...cluster, version: "1.3" }, [version]],
      [{ ...cluster, version: "1.345" }, [version]],
      [{ ...cluster, version: "v1.34" }, [version]],
      [
        { ...cluster, publicAccessCidrs: ["0.0.0.0/0"] },
        ["cluster.publicAccessCidrs[0]: must not open the API endpoint to the whole internet"],
      ],
      [
        { ...cluster, publicAccessCidrs: [] },
        [
          "cluster.publicAccessCidrs: needs at least one CIDR (the public endpoint is allow-listed, never open)",
        ],
      ],
      [{ ...cluster, admins: [] }, ["cluster.admins: needs at least one cluster admin principal"]],
    ]);
  });
});

describe("schema limits: RDS", () => {
  it("takes known engine versions and RDS instance classes", () => {
    cases(S.mysql, "mysql", [
      [{ engineVersion: "8.0", instanceClass: "db.t4g.medium" }, []],
      [{ engineVersion: "8.4", instanceClass: "db.r7g.2xlarge" }, []],
      [{ engineVersion: "5.7" }, ['mysql.engineVersion: must be one of "8.0", "8.4"']],
      [
        { instanceClass: "t4g.medium" },
        ["mysql.instanceClass: must be an RDS instance class such as db.t4g.medium"],
      ],
      [
        { instanceClass: "db.t4g" },
        ["mysql.instanceClass: must be an RDS instance class such as db.t4g.medium"],
      ],
      [
        { instanceClass: "db.t4g.medium " },
        ["mysql.instanceClass: must be an RDS instance class such as db.t4g.medium"],
      ],
    ]);
  });

  it("takes 20 GiB to 64 TiB allocated, a ceiling from 22 GiB, and 1-35 days of backups", () => {
    cases(S.mysql, "mysql", [
      [{ allocatedStorageGiB: 20, maxAllocatedStorageGiB: 22, backupRetentionDays: 1 }, []],
      [{ allocatedStorageGiB: 65_536, maxAllocatedStorageGiB: 65_536, backupRetentionDays: 35 }, []],
      [
        { allocatedStorageGiB: 19 },
        ["mysql.allocatedStorageGiB: must be at least 20 (the smallest gp3 volume RDS for MySQL accepts)"],
      ],
      [{ allocatedStorageGiB: 65_537 }, ["mysql.allocatedStorageGiB: must be at most 65536 (64 TiB)"]],
      [
        { maxAllocatedStorageGiB: 21 },
        ["mysql.maxAllocatedStorageGiB: must be at least 22 (10 % above the smallest allocation)"],
      ],
      [{ maxAllocatedStorageGiB: 65_537 }, ["mysql.maxAllocatedStorageGiB: must be at most 65536 (64 TiB)"]],
      [
        { backupRetentionDays: 0 },
        ["mysql.backupRetentionDays: must be 1-35 days (0 would turn automated backups off)"],
      ],
      [
        { backupRetentionDays: 36 },
        ["mysql.backupRetentionDays: must be 1-35 days (RDS keeps automated backups at most 35 days)"],
      ],
    ]);
  });
});

describe("schema limits: ElastiCache", () => {
  it("takes 2 to 1,200,000 databases and ElastiCache node types", () => {
    cases(S.redis, "redis", [
      [{ databases: 2, nodeType: "cache.t4g.small" }, []],
      [{ databases: 1_200_000, nodeType: "cache.r7g.12xlarge" }, []],
      [{ databases: 1 }, ["redis.databases: must be 2 or more (database 0 is kept for shared tooling)"]],
      [
        { databases: 1_200_001 },
        [
          "redis.databases: must be at most 1200000 (the ElastiCache limit for the databases parameter); keep it low, every database costs memory",
        ],
      ],
      [
        { nodeType: "t4g.small" },
        ["redis.nodeType: must be an ElastiCache node type such as cache.t4g.small"],
      ],
      [
        { nodeType: "cache.t4g" },
        ["redis.nodeType: must be an ElastiCache node type such as cache.t4g.small"],
      ],
      [
        { nodeType: "xcache.t4g.small" },
        ["redis.nodeType: must be an ElastiCache node type such as cache.t4g.small"],
      ],
    ]);
  });

  it("takes 0-5 replicas and 0-35 days of snapshots", () => {
    cases(S.redis, "redis", [
      [{ replicas: 0, snapshotRetentionDays: 0 }, []],
      [{ replicas: 5, snapshotRetentionDays: 35 }, []],
      [{ replicas: -1 }, ["redis.replicas: must be 0-5"]],
      [{ replicas: 6 }, ["redis.replicas: must be 0-5 (ElastiCache allows at most 5 read replicas)"]],
      [
        { snapshotRetentionDays: -1 },
        ["redis.snapshotRetentionDays: must be 0-35 days (0 turns automatic snapshots off)"],
      ],
      [
        { snapshotRetentionDays: 36 },
        [
          "redis.snapshotRetentionDays: must be 0-35 days (ElastiCache keeps automatic snapshots at most 35 days)",
        ],
      ],
    ]);
  });

  it("takes AUTH tokens of 16-128 printable characters without space, quote, slash or at sign", () => {
    const message =
      "redisAuthToken: must be 16-128 printable ASCII characters without spaces, '\"', '/' or '@' (ElastiCache AUTH token rules)";
    cases(S.redisAuthToken, "redisAuthToken", [
      ["a".repeat(16), []],
      ["a".repeat(128), []],
      ["!#$%&'()*+,-.0123456789:;<=>?AZ[\\]^_`az{|}~", []],
      ["a".repeat(15), [message]],
      ["a".repeat(129), [message]],
      [`${"a".repeat(16)} `, [message]],
      [`${"a".repeat(16)}"`, [message]],
      [`${"a".repeat(16)}/`, [message]],
      [`${"a".repeat(16)}@`, [message]],
    ]);
  });
});

describe("schema limits: logging", () => {
  const base = { dashboardsAllowedCidrs: ["203.0.113.0/24"] };
  const L = (patch: Record<string, unknown>) => ({ ...base, ...patch });

  it("holds retention, storage and buffer hours to their ranges, naming the unit", () => {
    cases(loggingSchema, "logging", [
      [L({ retentionDays: 1, storageGiB: 10, kafkaStorageGiB: 10, bufferRetentionHours: 1 }), []],
      [L({ retentionDays: 365, storageGiB: 16_384, kafkaStorageGiB: 16_384, bufferRetentionHours: 168 }), []],
      [L({ retentionDays: 0 }), ["logging.retentionDays: must be at least 1 days"]],
      [L({ retentionDays: 366 }), ["logging.retentionDays: must be at most 365 days"]],
      [L({ retentionDays: 1.5 }), ["logging.retentionDays: must be a whole number of days"]],
      [L({ storageGiB: 9 }), ["logging.storageGiB: must be at least 10 GiB"]],
      [L({ storageGiB: 16_385 }), ["logging.storageGiB: must be at most 16384 GiB"]],
      [L({ kafkaStorageGiB: 9 }), ["logging.kafkaStorageGiB: must be at least 10 GiB"]],
      [L({ kafkaStorageGiB: 16_385 }), ["logging.kafkaStorageGiB: must be at most 16384 GiB"]],
      [L({ bufferRetentionHours: 0 }), ["logging.bufferRetentionHours: must be at least 1 hours"]],
      [L({ bufferRetentionHours: 169 }), ["logging.bufferRetentionHours: must be at most 168 hours"]],
    ]);
  });

  it("takes 1, 3 or 5 OpenSearch and Kafka nodes, and a boolean buffer", () => {
    const quorum = "must be 1, 3, 5 (odd, so a quorum survives the loss of a node)";
    cases(loggingSchema, "logging", [
      [L({ openSearchNodes: 1, kafkaNodes: 5, buffer: true }), []],
      [L({ openSearchNodes: 3, kafkaNodes: 3, buffer: false }), []],
      [L({ openSearchNodes: 2 }), [`logging.openSearchNodes: ${quorum}`]],
      [L({ kafkaNodes: 4 }), [`logging.kafkaNodes: ${quorum}`]],
      [L({ openSearchNodes: 7 }), [`logging.openSearchNodes: ${quorum}`]],
      [
        L({ buffer: "yes" }),
        ["logging.buffer: must be true (Kafka buffer between collector and store) or false"],
      ],
    ]);
  });

  it("holds requests to 1-16000 millicores and 16-65536 MiB, and chart parts to their 1000m limit", () => {
    const req = (part: string, value: Record<string, unknown>) => L({ requests: { [part]: value } });
    cases(loggingSchema, "logging", [
      [req("collector", { cpuMillicores: 1, memoryMiB: 16 }), []],
      [req("openSearch", { cpuMillicores: 16_000, memoryMiB: 65_536 }), []],
      [
        req("kafka", { cpuMillicores: 0 }),
        ["logging.requests.kafka.cpuMillicores: must be at least 1 millicores"],
      ],
      [
        req("kafka", { cpuMillicores: 16_001 }),
        ["logging.requests.kafka.cpuMillicores: must be at most 16000 millicores"],
      ],
      [
        req("collector", { memoryMiB: 15 }),
        ["logging.requests.collector.memoryMiB: must be at least 16 MiB"],
      ],
      [
        req("collector", { memoryMiB: 65_537 }),
        ["logging.requests.collector.memoryMiB: must be at most 65536 MiB"],
      ],
      [
        req("collector", { memoryMiB: 64.5 }),
        ["logging.requests.collector.memoryMiB: must be a whole number of MiB"],
      ],
      [req("dashboards", { cpuMillicores: 1000, memoryMiB: 16 }), []],
      [req("logstash", { cpuMillicores: 1 }), []],
      [
        req("dashboards", { cpuMillicores: 1001 }),
        [
          "logging.requests.dashboards.cpuMillicores: must be at most 1000 millicores (the CPU limit the program gives this chart's pods; a request above its limit is refused)",
        ],
      ],
      [
        req("logstash", { cpuMillicores: 1001 }),
        [
          "logging.requests.logstash.cpuMillicores: must be at most 1000 millicores (the CPU limit the program gives this chart's pods; a request above its limit is refused)",
        ],
      ],
      [
        req("logstash", { cpuMillicores: 0 }),
        ["logging.requests.logstash.cpuMillicores: must be at least 1 millicores"],
      ],
      [
        req("logstash", { cpuMillicores: 2.5 }),
        ["logging.requests.logstash.cpuMillicores: must be a whole number of millicores"],
      ],
      [req("logstash", { memoryMiB: 15 }), ["logging.requests.logstash.memoryMiB: must be at least 16 MiB"]],
      [
        req("fluentd", {}),
        [
          "logging.requests.fluentd: unknown key; allowed: collector, openSearch, dashboards, kafka, logstash",
        ],
      ],
    ]);
  });
});

describe("schema limits: an environment's workload keys", () => {
  const W = environmentWorkloadKeys;

  it("takes rolling or blueGreen, and blue or green", () => {
    cases(W.deployment, "deployment", [
      ["rolling", []],
      ["blueGreen", []],
      ["canary", ['deployment: must be one of "rolling", "blueGreen"']],
    ]);
    cases(W.activeColor, "activeColor", [
      ["blue", []],
      ["green", []],
      ["red", ['activeColor: must be one of "blue", "green"']],
    ]);
  });

  it("takes chaos every 1-365 days, a known kill mode and a kill value from 1", () => {
    const days = "must be a whole number of days, 1-365 (mean time between pod kills)";
    cases(W.chaos, "chaos", [
      [{ mtbfDays: 1, killMode: "fixed", killValue: 1 }, []],
      [{ mtbfDays: 365, killMode: "kill-all" }, []],
      [{ mtbfDays: 0 }, [`chaos.mtbfDays: ${days}`]],
      [{ mtbfDays: 366 }, [`chaos.mtbfDays: ${days}`]],
      [
        { mtbfDays: 2, killMode: "all" },
        ['chaos.killMode: must be one of "fixed", "random-max-percent", "fixed-percent", "kill-all"'],
      ],
      [{ mtbfDays: 2, killValue: 0 }, ["chaos.killValue: must be a whole number, 1 or more"]],
    ]);
  });

  it(`takes 1-${MAX_REPLICAS} replicas, or bounds whose max is at least min`, () => {
    assert.equal(MAX_REPLICAS, 50);
    const count = "must be a whole number, 1-50";
    cases(W.replicas, "replicas", [
      [{ gameserver: 1, league: 50, backoffice: { min: 2, max: 2 } }, []],
      [{ gameserver: { min: 1, max: 50 } }, []],
      [{ gameserver: 0 }, [`replicas.gameserver: ${count}`]],
      [{ league: 51 }, [`replicas.league: ${count}`]],
      [{ backoffice: { min: 3, max: 2 } }, ["replicas.backoffice: max must be at least min"]],
      [{ gameserver: { min: 0, max: 2 } }, [`replicas.gameserver.min: ${count}`]],
      [{ gameserver: { min: 1, max: 51 } }, [`replicas.gameserver.max: ${count}`]],
    ]);
  });

  it("takes CPU and sizes above 0", () => {
    const cpu = "must be a CPU quantity above 0, such as 250m, 0.5 or 2";
    const size = "must be a size above 0 such as 512Mi or 2Gi (Ki, Mi, Gi, Ti)";
    cases(W.resources, "resources", [
      [
        { gameserver: { cpu: "250m", memory: "512Mi", memoryLimit: "1Gi" }, couchbase: { storage: "10Gi" } },
        [],
      ],
      [{ league: { cpu: 0.5 }, scheduler: { cpu: 2 }, backoffice: { cpu: "1" } }, []],
      [{ gameserver: { cpu: "0" } }, [`resources.gameserver.cpu: ${cpu}`]],
      [{ gameserver: { cpu: 0 } }, [`resources.gameserver.cpu: ${cpu}`]],
      [{ gameserver: { cpu: "fast" } }, [`resources.gameserver.cpu: ${cpu}`]],
      [{ gameserver: { memory: "0Mi" } }, [`resources.gameserver.memory: ${size}`]],
      [{ league: { memoryLimit: "lots" } }, [`resources.league.memoryLimit: ${size}`]],
      [{ couchbase: { storage: "0Gi" } }, [`resources.couchbase.storage: ${size}`]],
      [
        { scheduler: { storage: "1Gi" } },
        ["resources.scheduler.storage: unknown key; allowed: cpu, memory, memoryLimit"],
      ],
    ]);
  });

  it("takes quota pods from 1 and volume claims from 0", () => {
    cases(W.quota, "quota", [
      [{ pods: 1, volumeClaims: 0, cpu: "4", memory: "8Gi", storage: "20Gi", containerMaxMemory: "2Gi" }, []],
      [{ pods: 0 }, ["quota.pods: must be a whole number, 1 or more"]],
      [{ volumeClaims: -1 }, ["quota.volumeClaims: must be a whole number, 0 or more"]],
      [
        { memoryLimit: "0Ki" },
        ["quota.memoryLimit: must be a size above 0 such as 512Mi or 2Gi (Ki, Mi, Gi, Ti)"],
      ],
    ]);
  });
});

describe("schema limits: images and host names", () => {
  const E = environmentStackKeys;
  const REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game";

  it("takes a registry host with an optional port and path", () => {
    const message =
      "images.registry: must be a registry host with an optional path, such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/game";
    cases(E.images, "images", [
      [{ registry: REGISTRY }, []],
      [{ registry: "localhost:5000/team/game-servers" }, []],
      [{ registry: "ghcr.io" }, []],
      [{ registry: "Registry.example.com" }, [message]],
      [{ registry: "-registry.example.com" }, [message]],
      [{ registry: "registry.example.com/" }, [message]],
      [{ registry: "https://registry.example.com" }, [message]],
      [{ registry: "registry.example.com:port" }, [message]],
    ]);
  });

  it("takes lower-case repository names and a pinned Couchbase image", () => {
    const repository =
      "must be a repository name such as gameserver (lower case, digits, '.', '_', '-', '/')";
    cases(E.images, "images", [
      [{ registry: REGISTRY, repositories: { gameserver: "game/server_x", league: "league.v2" } }, []],
      [
        { registry: REGISTRY, repositories: { scheduler: "Scheduler" } },
        [`images.repositories.scheduler: ${repository}`],
      ],
      [
        { registry: REGISTRY, repositories: { backoffice: "back--office" } },
        [`images.repositories.backoffice: ${repository}`],
      ],
      [
        { registry: REGISTRY, repositories: { backoffice: "office/" } },
        [`images.repositories.backoffice: ${repository}`],
      ],
      [{ registry: REGISTRY, couchbase: "couchbase/server:7.6.6" }, []],
      [
        { registry: REGISTRY, couchbase: "couchbase/server:latest" },
        [
          'images.couchbase: must be an image with a pinned tag or digest, such as couchbase/server:7.6.6 (never "latest")',
        ],
      ],
    ]);
  });

  it("takes a host pattern with {server} and {env} in one label", () => {
    cases(E.hostPattern, "hostPattern", [
      ["{server}-{env}", []],
      [
        "{server}",
        [
          'hostPattern: "{server}" must contain both {server} and {env}, so every server of every environment gets its own host',
        ],
      ],
      [
        "{server}.{env}",
        [
          'hostPattern: "{server}.{env}" must be a single DNS label (no dots): the wildcard certificate *.<domain> covers one label only',
        ],
      ],
    ]);
  });
});

describe("schema limits: registry files", () => {
  const F = environmentFileSchema.shape;

  it("takes Redis DB 1 and up (0 is shared tooling's)", () => {
    cases(F.redisDb, "redisDb", [
      [1, []],
      [0, ["redisDb: must be 1 or more (database 0 is kept for shared tooling)"]],
    ]);
  });

  it("takes a purpose of 1-200 characters and a credentials revision from 1", () => {
    cases(F.purpose, "purpose", [
      ["x", []],
      ["x".repeat(200), []],
      ["", ["purpose: must say what the environment is for"]],
      ["x".repeat(201), ["purpose: must be at most 200 characters"]],
    ]);
    cases(F.credentialsRevision, "credentialsRevision", [
      [1, []],
      [
        0,
        [
          "credentialsRevision: must be a whole number, 1 or more; bump it to rotate the environment's MySQL password",
        ],
      ],
    ]);
  });

  it("takes officeHours, alwaysOn or a schedule of its own, a reason of 1-200 characters and a pause date", () => {
    const schedule = { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00" };
    cases(F.sleep, "sleep", [
      [{ schedule: "officeHours" }, []],
      [{ schedule: "alwaysOn", reason: "x".repeat(200) }, []],
      [{ schedule, pausedUntil: "2026-12-01" }, []],
      [{ schedule: { ...schedule, timeZone: "UTC" } }, []],
      [
        { schedule: "never" },
        [
          'sleep.schedule: must be officeHours or alwaysOn, or a schedule { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: Europe/Berlin }',
        ],
      ],
      [{ reason: "" }, ["sleep.reason: must say why the environment must stay on"]],
      [{ reason: "x".repeat(201) }, ["sleep.reason: must be at most 200 characters"]],
      [{ reason: ["x"] }, ["sleep.reason: must be a sentence saying why the environment must stay on"]],
      [{ wake: true }, ["sleep.wake: unknown key; allowed: schedule, reason, pausedUntil"]],
    ]);
  });

  it("shows the shape of a schedule when a schedule of its own has a field that is not text", () => {
    // zod reports the union's message (not the field's) for an object that matches no branch.
    const schedule = { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00" };
    const shape =
      'sleep.schedule: must be officeHours or alwaysOn, or a schedule { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timeZone: Europe/Berlin }';
    for (const bad of [{ weekdays: [1] }, { sleepAt: [] }, { wakeUpAt: null }, { timeZone: {} }]) {
      assert.deepEqual(
        check(F.sleep, "sleep", { schedule: { ...schedule, ...bad } }),
        [shape],
        JSON.stringify(bad),
      );
    }
  });

  it("lists a schedule's own keys for an unknown key in it", () => {
    assert.deepEqual(
      check(F.sleep, "sleep", {
        schedule: { weekdays: "1-5", sleepAt: "20:00", wakeUpAt: "08:00", timezone: "UTC" },
      }),
      [
        'sleep.schedule.timezone: unknown key (did you mean "timeZone"?); allowed: weekdays, sleepAt, wakeUpAt, timeZone',
      ],
    );
  });

  it("names the environment a retired DB was used by", () => {
    cases(retiredRedisDbSchema, "retired[0]", [
      [{ db: 3, environment: "dev1", retired: "2026-11-01" }, []],
      [
        { db: 3, environment: "", retired: "2026-11-01" },
        ["retired[0].environment: must name the environment that used the DB"],
      ],
      [
        { db: 0, environment: "dev1", retired: "2026-11-01" },
        ["retired[0].db: must be 1 or more (database 0 is kept for shared tooling)"],
      ],
    ]);
    cases(retiredRedisDbsSchema, "retired", [
      [null, []],
      [[], []],
    ]);
  });

  it("takes a compare URL over https with {from} and {to}", () => {
    cases(registryDefaultsSchema, "defaults", [
      [{ compareUrl: "https://github.com/studio/game/compare/{from}...{to}" }, []],
      [{ gameDataVersion: "gd-1.2", resourceVersion: "r_7" }, []],
      [{ compareUrl: "http://github.com/{from}...{to}" }, ["defaults.compareUrl: must be an https:// URL"]],
      [{ compareUrl: "https://git hub/{from}...{to}" }, ["defaults.compareUrl: must be an https:// URL"]],
      [
        { compareUrl: "https://github.com/{from}" },
        ["defaults.compareUrl: must contain {from} and {to} (the two versions compared)"],
      ],
      [
        { compareUrl: "https://github.com/{to}" },
        ["defaults.compareUrl: must contain {from} and {to} (the two versions compared)"],
      ],
    ]);
  });
});
