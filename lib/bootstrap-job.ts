/**
 * The Kubernetes Job that runs an environment's bootstrap SQL with the admin credentials, built as
 * plain data so tests can read and schema-validate it.
 *
 * A Job's pod template cannot be changed after creation, so the Job's name carries a fingerprint
 * of its whole spec: any change (new SQL, image, endpoint, or a bumped `credentialsRevision`, which
 * also gives the environment a new password) gives a new name, and Pulumi replaces the Job, which
 * runs the idempotent SQL again. The Pulumi resource name stays the same, so nothing else moves.
 */
import { createHash } from "node:crypto";
import type * as k8s from "@pulumi/kubernetes";
import type { Toleration } from "./grace";
import { bootstrapSql, type EnvironmentDatabase } from "./mysql-bootstrap-sql";

/** The MySQL client image (official image, pinned; mirrored on ECR Public so pulls are not rate-limited). */
export const MYSQL_CLIENT_IMAGE = "public.ecr.aws/docker/library/mysql:8.4.6";

/** The uid/gid of the `mysql` user in the official image. */
const MYSQL_IMAGE_UID = 999;

/** Exit code of the script when its input is unusable; the Job fails at once instead of retrying. */
export const BOOTSTRAP_BAD_INPUT_EXIT_CODE = 2;

/** Label that marks bootstrap pods; the platform namespace's network policy lets only them reach MySQL. */
export const BOOTSTRAP_COMPONENT = "database-bootstrap";

/** Annotation on the pod template with the environment's credentials revision. */
export const CREDENTIALS_REVISION_ANNOTATION = "game-infra/credentials-revision";

/**
 * The container's script. Passwords arrive as environment variables from Secrets and are only
 * handled by shell built-ins (`printf`), so they never appear in a process's arguments: the admin
 * password goes into an option file on a memory-backed volume, the user's into a session variable
 * piped to the client. Both are generated letters-and-digits only; anything else is refused rather
 * than quoted.
 */
export const BOOTSTRAP_SCRIPT = [
  "set -euo pipefail",
  "umask 077",
  'for value in "$ADMIN_PASSWORD" "$USER_PASSWORD"; do',
  '  if [[ ! "$value" =~ ^[A-Za-z0-9]+$ ]]; then',
  '    echo "refusing a password with characters other than letters and digits" >&2',
  `    exit ${BOOTSTRAP_BAD_INPUT_EXIT_CODE}`,
  "  fi",
  "done",
  'options="${TMPDIR:-/tmp}/admin.cnf"',
  "printf '[client]\\nuser=%s\\npassword=%s\\nhost=%s\\nport=%s\\nssl-mode=REQUIRED\\nconnect-timeout=10\\n' \\",
  '  "$ADMIN_USER" "$ADMIN_PASSWORD" "$MYSQL_HOST" "$MYSQL_PORT" > "$options"',
  '{ printf "SET @password = \'%s\';\\n" "$USER_PASSWORD"; printf \'%s\\n\' "$BOOTSTRAP_SQL"; } \\',
  '  | mysql --defaults-extra-file="$options" --batch',
  'echo "database bootstrap of $DATABASE finished"',
].join("\n");

/** Everything the bootstrap Job of one environment needs. */
export interface BootstrapJobInput {
  readonly environment: string;
  readonly target: EnvironmentDatabase;
  /** The RDS instance address. */
  readonly host: string;
  readonly port: number;
  /** Secret in the platform namespace with keys `username` and `password` (the RDS admin). */
  readonly adminSecretName: string;
  /** Secret in the platform namespace with key `password` (the environment user's). */
  readonly userSecretName: string;
  readonly serviceAccountName: string;
  readonly credentialsRevision: number;
  /** Where the pod runs (the system pool) and the grace-period tolerations. */
  readonly scheduling: {
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tolerations: readonly Toleration[];
  };
}

/** The labels of the Job and its pods. */
export function bootstrapLabels(environment: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": BOOTSTRAP_COMPONENT,
    "app.kubernetes.io/instance": `db-bootstrap-${environment}`,
    "app.kubernetes.io/component": BOOTSTRAP_COMPONENT,
    "app.kubernetes.io/part-of": "game-infra",
    "app.kubernetes.io/managed-by": "pulumi",
    "game-infra/environment": environment,
  };
}

/** The Job's spec for one environment. */
export function bootstrapJobSpec(input: BootstrapJobInput): k8s.types.input.batch.v1.JobSpec {
  const labels = bootstrapLabels(input.environment);
  const secretEnv = (name: string, secret: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  return {
    backoffLimit: 6,
    activeDeadlineSeconds: 600,
    // No ttlSecondsAfterFinished: a Job that deletes itself would be re-created by the next `pulumi up --refresh`.
    podFailurePolicy: {
      rules: [
        {
          action: "FailJob",
          onExitCodes: {
            containerName: "mysql-client",
            operator: "In",
            values: [BOOTSTRAP_BAD_INPUT_EXIT_CODE],
          },
        },
      ],
    },
    template: {
      metadata: {
        labels,
        annotations: { [CREDENTIALS_REVISION_ANNOTATION]: String(input.credentialsRevision) },
      },
      spec: {
        restartPolicy: "Never",
        serviceAccountName: input.serviceAccountName,
        automountServiceAccountToken: false,
        nodeSelector: { ...input.scheduling.nodeSelector },
        tolerations: input.scheduling.tolerations.map((t) => ({ ...t })),
        securityContext: {
          runAsNonRoot: true,
          runAsUser: MYSQL_IMAGE_UID,
          runAsGroup: MYSQL_IMAGE_UID,
          seccompProfile: { type: "RuntimeDefault" },
        },
        // A run-to-completion client has nothing to probe: the Job's own status is the health signal.
        containers: [
          {
            name: "mysql-client",
            image: MYSQL_CLIENT_IMAGE,
            command: ["/bin/bash", "-c", BOOTSTRAP_SCRIPT],
            env: [
              { name: "MYSQL_HOST", value: input.host },
              { name: "MYSQL_PORT", value: String(input.port) },
              { name: "DATABASE", value: input.target.database },
              secretEnv("ADMIN_USER", input.adminSecretName, "username"),
              secretEnv("ADMIN_PASSWORD", input.adminSecretName, "password"),
              secretEnv("USER_PASSWORD", input.userSecretName, "password"),
              { name: "BOOTSTRAP_SQL", value: bootstrapSql(input.target) },
              { name: "HOME", value: "/tmp" },
            ],
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            securityContext: {
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          },
        ],
        volumes: [{ name: "tmp", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } }],
      },
    },
  };
}

/** A short, stable fingerprint of a spec (first 8 hex digits of its SHA-256). */
export function specFingerprint(spec: unknown): string {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 8);
}

/** The Job's name: `db-bootstrap-<env>-<fingerprint>` (at most 62 characters for a 40-character environment name). */
export function bootstrapJobName(environment: string, fingerprint: string): string {
  return `db-bootstrap-${environment}-${fingerprint}`;
}

/** The Job for one environment: name (from the spec's fingerprint), labels, and spec. */
export function bootstrapJob(input: BootstrapJobInput): {
  name: string;
  labels: Record<string, string>;
  spec: k8s.types.input.batch.v1.JobSpec;
} {
  const spec = bootstrapJobSpec(input);
  return {
    name: bootstrapJobName(input.environment, specFingerprint(spec)),
    labels: bootstrapLabels(input.environment),
    spec,
  };
}
