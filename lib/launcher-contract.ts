/**
 * What the launcher's image, its Deployment and its server (`launcher/`, `npm run launcher`) must
 * agree on: the port, the health paths, where the Git clone and HOME live, the user it runs as, the
 * command that starts it, and the names of the environment variables and Secret keys it reads.
 * The Dockerfile cannot import this module, so test/dockerfile.test.ts holds the Dockerfile to it;
 * components/launcher.ts builds the Deployment from it; the server should import it too.
 */
import { LAUNCHER_NAMESPACE } from "./naming";

export { LAUNCHER_NAMESPACE };

/** The port the server listens on (HTTP, inside the pod). */
export const LAUNCHER_PORT = 8080;
/** The container port's name, which probes and the Service refer to. */
export const LAUNCHER_PORT_NAME = "http";

/**
 * Liveness: 200 while the process serves HTTP at all. Nothing else: a failure restarts the pod,
 * which would lose nothing but also fix nothing a slow Git remote causes.
 */
export const LAUNCHER_LIVENESS_PATH = "/healthz";
/**
 * Readiness (and the ALB's health check): 200 once the server can answer requests, i.e. its Git
 * clone is readable; 503 before that. Both paths answer without authentication.
 */
export const LAUNCHER_READINESS_PATH = "/readyz";

/** The preset API game clients read without a browser login: `GET <prefix>/<tier>[/<name>]`. */
export const PRESET_API_PREFIX = "/api/v1/presets";

/** The numeric user and group the image's `USER` line and the pod's security context name. */
export const LAUNCHER_UID = 10001;
/** The launcher's group (owns the writable volumes through the pod's fsGroup). */
export const LAUNCHER_GID = 10001;

/** HOME (npm's cache and logs, ssh's `~/.ssh`): an emptyDir, since the root filesystem is read-only. */
export const LAUNCHER_HOME = "/home/launcher";
/** The emptyDir that holds the Git clone. */
export const LAUNCHER_STATE_DIR = "/var/lib/launcher";
/** The Git clone of this repository the server reads and writes (`--repo`). */
export const LAUNCHER_REPO_PATH = `${LAUNCHER_STATE_DIR}/repo`;
/** Where the application is installed in the image (WORKDIR). */
export const LAUNCHER_APP_DIR = "/app";

/** The image's command: the server as the issue describes it, on the contract's port and clone. */
export const LAUNCHER_COMMAND: readonly string[] = [
  "npm",
  "run",
  "launcher",
  "--",
  "--repo",
  LAUNCHER_REPO_PATH,
  "--port",
  String(LAUNCHER_PORT),
];

/** The platform the image is built for: the system pool's nodes (x86_64 on every tier). */
export const LAUNCHER_IMAGE_PLATFORM = "linux/amd64";
/** The instance architecture that platform runs on (`lib/instance-types.ts` names). */
export const LAUNCHER_IMAGE_ARCHITECTURE = "x86_64";

/** Environment variables the server reads; the Deployment sets exactly these (plus Git's and HOME). */
export const LAUNCHER_ENV = {
  /** Slack incoming-webhook URL, from a Secret. */
  slackWebhookUrl: "SLACK_WEBHOOK_URL",
  /** When set, preset requests must carry `Authorization: Bearer <token>`; from a Secret. */
  presetToken: "PRESET_TOKEN",
  /** The tier whose cluster this launcher runs in: the one whose live status it can read. */
  tier: "LAUNCHER_TIER",
  /** `https://<hostLabel>.<domain>`, for links in Slack messages. */
  publicUrl: "LAUNCHER_PUBLIC_URL",
  /** The AWS region: the ALB signs `x-amzn-oidc-data` with a key published per region. */
  awsRegion: "AWS_REGION",
} as const;

/**
 * The header with the signed-in user's claims that the ALB adds after OIDC authentication (a JWT
 * signed by the ALB; verify it with the region's public key before trusting the e-mail in it).
 */
export const OIDC_DATA_HEADER = "x-amzn-oidc-data";

/** Keys of the Secrets the platform names but never creates (docs/launcher-deploy.md). */
export const LAUNCHER_SECRET_KEYS = {
  /** SSH deploy key Secret (type kubernetes.io/ssh-auth): the private key ... */
  sshPrivateKey: "ssh-privatekey",
  /** ... and the Git host's known_hosts lines, so the host key is checked, never trusted on first use. */
  sshKnownHosts: "known_hosts",
  /** HTTPS token Secret: the user name git sends (`x-access-token` for GitHub tokens) ... */
  httpsUsername: "username",
  /** ... and the token. */
  httpsToken: "token",
  /** Slack Secret: the incoming-webhook URL. */
  slackWebhookUrl: "webhook-url",
  /** Preset token Secret. */
  presetToken: "token",
  /** OIDC client Secret, as the AWS Load Balancer Controller reads it (upstream/aws-load-balancer-controller/). */
  oidcClientId: "clientID",
  oidcClientSecret: "clientSecret",
} as const;

/** The launcher's ServiceAccount (namespace {@link LAUNCHER_NAMESPACE}), which reads workload status. */
export const LAUNCHER_SERVICE_ACCOUNT = "launcher";
/** The launcher's object names: Deployment, Service, the browser Ingress. */
export const LAUNCHER_NAME = "launcher";
