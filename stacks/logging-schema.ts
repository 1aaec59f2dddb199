/** The runtime schema of the `game-infra:logging` config key (see docs/logging.md). */
import { z } from "zod";
import { DASHBOARDS_CIDR_LIMIT_REASON, MAX_DASHBOARDS_CIDRS } from "../lib/logging/dashboards";
import { CHART_CPU_LIMIT_MILLICORES } from "../lib/logging/resources";
import { MAX_RETENTION_DAYS } from "../lib/logging/retention";
import { QUORUM_NODE_COUNTS } from "../lib/logging/settings";
import { cidr } from "./rules";

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .int({ message: `must be a whole number of ${unit}` })
    .min(min, { message: `must be at least ${min} ${unit}` })
    .max(max, { message: `must be at most ${max} ${unit}` });

const quorumNodes = z.union(
  QUORUM_NODE_COUNTS.map((n) => z.literal(n)),
  { message: `must be ${QUORUM_NODE_COUNTS.join(", ")} (odd, so a quorum survives the loss of a node)` },
);

/** Requests of one replica of a part; either field may be left to the tier. */
const partRequests = z.strictObject({
  cpuMillicores: wholeNumber(1, 16_000, "millicores").optional(),
  memoryMiB: wholeNumber(16, 65_536, "MiB").optional(),
});

/**
 * Requests of a part whose chart gets a CPU limit of {@link CHART_CPU_LIMIT_MILLICORES} (Dashboards,
 * Logstash): a request above the limit is a pod the API server refuses.
 */
const chartPartRequests = partRequests.extend({
  cpuMillicores: z
    .int({ message: "must be a whole number of millicores" })
    .min(1, { message: "must be at least 1 millicores" })
    .max(CHART_CPU_LIMIT_MILLICORES, {
      message: `must be at most ${CHART_CPU_LIMIT_MILLICORES} millicores (the CPU limit the program gives this chart's pods; a request above its limit is refused)`,
    })
    .optional(),
});

/** `game-infra:logging`. */
export const loggingSchema = z.strictObject({
  dashboardsAllowedCidrs: z
    .array(
      cidr.refine((v) => !v.endsWith("/0"), {
        message: "must not open Dashboards to the whole internet; list the office and VPN ranges",
      }),
    )
    .min(1, { message: "needs at least one CIDR (Dashboards is never open to everyone)" })
    .max(MAX_DASHBOARDS_CIDRS, {
      message: `allows at most ${MAX_DASHBOARDS_CIDRS} CIDRs: ${DASHBOARDS_CIDR_LIMIT_REASON}; list wider blocks (one /16 instead of several /24s)`,
    }),
  retentionDays: wholeNumber(1, MAX_RETENTION_DAYS, "days").optional(),
  buffer: z
    .boolean({ message: "must be true (Kafka buffer between collector and store) or false" })
    .optional(),
  openSearchNodes: quorumNodes.optional(),
  storageGiB: wholeNumber(10, 16_384, "GiB").optional(),
  kafkaNodes: quorumNodes.optional(),
  kafkaStorageGiB: wholeNumber(10, 16_384, "GiB").optional(),
  bufferRetentionHours: wholeNumber(1, 168, "hours").optional(),
  requests: z
    .strictObject({
      collector: partRequests.optional(),
      openSearch: partRequests.optional(),
      dashboards: chartPartRequests.optional(),
      kafka: partRequests.optional(),
      logstash: chartPartRequests.optional(),
    })
    .optional(),
});
