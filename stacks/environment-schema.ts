/**
 * Config schema of the workload side of environments (`environments[].deployment`, `replicas`,
 * `resources`, `quota`, `chaos`, ...) and of the stack-wide `images` and `hostPattern` keys.
 * `schema.ts` spreads these into its objects; cross-field rules live in `resolve-environment-workloads.ts`.
 */
import { z } from "zod";
import { hostPatternProblem } from "../lib/environment/hosts";
import { parseBytes, parseCpu } from "../lib/quantity";
import { isPinnedImage } from "../lib/workload/image";
import { CHAOS_KILL_MODES } from "../lib/environment/profile";
import { imageTag } from "./rules";

/** Most replicas config may ask for one server (a guard against typos such as 100 for 10). */
export const MAX_REPLICAS = 50;

const cpuQuantity = z
  .union([z.string(), z.number()], { error: "must be a CPU quantity such as 250m, 0.5 or 2" })
  .refine((v) => (parseCpu(v) ?? 0) > 0, {
    message: "must be a CPU quantity above 0, such as 250m, 0.5 or 2",
  });

const byteQuantity = z
  .string({ error: "must be a size such as 512Mi or 2Gi" })
  .refine((v) => (parseBytes(v) ?? 0) > 0, {
    message: "must be a size above 0 such as 512Mi or 2Gi (Ki, Mi, Gi, Ti)",
  });

const replicaCount = z
  .int()
  .min(1, { message: `must be a whole number, 1-${MAX_REPLICAS}` })
  .max(MAX_REPLICAS, { message: `must be a whole number, 1-${MAX_REPLICAS}` });

/** A replica count (`2`) or autoscaling bounds (`{ min: 2, max: 8 }`). */
const replicas = z
  .union([replicaCount, z.strictObject({ min: replicaCount, max: replicaCount })], {
    error: `must be a replica count such as 2, or autoscaling bounds such as { min: 2, max: 8 } (whole numbers, 1-${MAX_REPLICAS})`,
  })
  .refine((v) => typeof v === "number" || v.max >= v.min, { message: "max must be at least min" });

const serverResources = z.strictObject({
  cpu: cpuQuantity.optional(),
  memory: byteQuantity.optional(),
  memoryLimit: byteQuantity.optional(),
});

/** The keys each environment may set besides its identity; `schema.ts` spreads them into `environmentSchema`. */
export const environmentWorkloadKeys = {
  /** How the game server is released: pod by pod, or two colours switched at once. */
  deployment: z.enum(["rolling", "blueGreen"], { message: 'must be "rolling" or "blueGreen"' }).optional(),
  /** Blue/green: the colour players reach. */
  activeColor: z.enum(["blue", "green"], { message: 'must be "blue" or "green"' }).optional(),
  /** Blue/green: the version the idle colour runs (the preview host reaches it). */
  previewVersion: imageTag.optional(),
  /** Opt-in kube-monkey chaos testing. */
  chaos: z
    .strictObject({
      mtbfDays: z
        .int()
        .min(1, { message: "must be a whole number of days, 1-365 (mean time between pod kills)" })
        .max(365, { message: "must be a whole number of days, 1-365 (mean time between pod kills)" }),
      killMode: z
        .enum(CHAOS_KILL_MODES, { message: `must be one of ${CHAOS_KILL_MODES.join(", ")}` })
        .optional(),
      killValue: z.int().min(1, { message: "must be a whole number, 1 or more" }).optional(),
    })
    .optional(),
  /** Per-server replica overrides; the scheduler and Couchbase always run exactly one pod. */
  replicas: z
    .strictObject({
      gameserver: replicas.optional(),
      league: replicas.optional(),
      backoffice: replicas.optional(),
    })
    .optional(),
  /** Per-server resource overrides. */
  resources: z
    .strictObject({
      gameserver: serverResources.optional(),
      league: serverResources.optional(),
      scheduler: serverResources.optional(),
      backoffice: serverResources.optional(),
      couchbase: serverResources.extend({ storage: byteQuantity.optional() }).optional(),
    })
    .optional(),
  /** Namespace quota overrides. */
  quota: z
    .strictObject({
      cpu: cpuQuantity.optional(),
      memory: byteQuantity.optional(),
      memoryLimit: byteQuantity.optional(),
      pods: z.int().min(1, { message: "must be a whole number, 1 or more" }).optional(),
      storage: byteQuantity.optional(),
      volumeClaims: z.int().min(0, { message: "must be a whole number, 0 or more" }).optional(),
      containerMaxMemory: byteQuantity.optional(),
    })
    .optional(),
};

const registry = z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
  message:
    "must be a registry host with an optional path, such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/game",
});

const repository = z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
  message: "must be a repository name such as gameserver (lower case, digits, '.', '_', '-', '/')",
});

/** Stack-wide keys for environments; `schema.ts` spreads them into `stackConfigSchema`. */
export const environmentStackKeys = {
  /** Where the server images come from; each environment's `version` is the tag. */
  images: z.strictObject({
    registry,
    repositories: z
      .strictObject({
        gameserver: repository.optional(),
        league: repository.optional(),
        scheduler: repository.optional(),
        backoffice: repository.optional(),
      })
      .optional(),
    couchbase: z
      .string()
      .refine(isPinnedImage, {
        message:
          'must be an image with a pinned tag or digest, such as couchbase/server:7.6.6 (never "latest")',
      })
      .optional(),
  }),
  /** Host name pattern under the domain: `{server}` and `{env}` in one DNS label. */
  hostPattern: z
    .string()
    .superRefine((value, ctx) => {
      const problem = hostPatternProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
};
