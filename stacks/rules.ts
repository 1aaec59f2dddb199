/** Value rules shared by the config schema: names, dates, ARNs and the like, each with the message users see. */
import { z } from "zod";
import { parseCidr, vpcCidrProblem } from "../lib/cidr";
import { parseDuration, parseSignedDuration } from "../lib/duration";
import { isDns1123Label } from "../lib/dns-names";
import { environmentNameProblem } from "../lib/environment/name";

/** An environment name (rule: `environmentNameProblem` in lib/environment/name.ts). */
export const environmentName = z.string().superRefine((value, ctx) => {
  const problem = environmentNameProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Longest team name: it becomes part of a Kubernetes group name and of labels. */
export const MAX_TEAM_NAME_LENGTH = 40;

/** A team name: a DNS-1123 label of at most 40 characters (`server`, `qa`, `balance`). */
export const teamName = z.string().superRefine((value, ctx) => {
  if (!isDns1123Label(value, MAX_TEAM_NAME_LENGTH)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a team name: a DNS-1123 label (lower-case letters, digits and '-') of at most ${MAX_TEAM_NAME_LENGTH} characters`,
    });
  }
});

/** A node pool name: a short DNS-1123 label (it becomes part of AWS resource names). */
export const poolName = z.string().superRefine((value, ctx) => {
  if (!isDns1123Label(value, 20)) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a DNS-1123 label of at most 20 characters` });
  }
});

/** A DNS name such as `dev.game.example.com` (lower case, at least two labels). */
export const dnsName = z
  .string()
  .refine(
    (v) => v.length <= 200 && v.split(".").length >= 2 && v.split(".").every((l) => isDns1123Label(l)),
    { message: "must be a lower-case DNS name with at least two labels, such as dev.game.example.com" },
  );

/** A Route 53 hosted zone id. */
export const hostedZoneId = z
  .string()
  .regex(/^Z[A-Z0-9]{1,31}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ" });

/** An IPv4 CIDR block with no host bits set. */
export const cidr = z.string().refine((v) => parseCidr(v) !== undefined, {
  message: "must be an IPv4 CIDR block such as 10.20.0.0/16 (no host bits set)",
});

/** The VPC's block: a CIDR the subnet layout can carve (prefix /16 to /20, no host bits). */
export const vpcCidr = z.string().superRefine((value, ctx) => {
  const problem = vpcCidrProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A non-negative duration such as `240s`, `4m` or `1h30m`. */
export const duration = z.string().refine((v) => parseDuration(v) !== undefined, {
  message: "must be a duration such as 240s, 4m or 1h30m (units d, h, m, s)",
});

/** A signed duration such as `+72h`, `-1d` or `0s`. */
export const signedDuration = z.string().refine((v) => parseSignedDuration(v) !== undefined, {
  message: "must be a signed duration such as +72h, -30m or 0s (units d, h, m, s)",
});

/** A calendar date written `YYYY-MM-DD`. */
export const isoDate = z.string().refine(
  (v) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
    const date = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
  },
  { message: "must be a calendar date written YYYY-MM-DD" },
);

/** An IAM role or user ARN (the principals EKS access entries accept). */
export const iamPrincipalArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, {
  message: "must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/platform-admin",
});

/** An e-mail address, used to say who owns an environment. */
export const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { message: "must be an e-mail address" });

/** A container image tag that pins a version: not `latest`, at most 128 characters. */
export const imageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, {
    message: "must be an image tag (letters, digits, '_', '.', '-'; at most 128 characters)",
  })
  .refine((v) => v !== "latest", {
    message: '"latest" is not a pinned version; use a release tag such as 1.42.0',
  });

/** A version string that also fits a Kubernetes label value (at most 63 characters). */
export const labelSafeVersion = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/, {
  message:
    "must be a version of at most 63 letters, digits, '_', '.' or '-', starting and ending alphanumeric",
});

/** The retention periods CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A CloudWatch Logs retention period. */
export const logRetentionDays = z
  .number()
  .refine((v) => (CLOUDWATCH_RETENTION_DAYS as readonly number[]).includes(v), {
    message: `must be a CloudWatch Logs retention period: one of ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
  });
