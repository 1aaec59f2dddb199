/**
 * The launcher's pure building blocks, each expectation written out by hand: its settings checks
 * (lib/launcher-settings.ts), image references, ECR repository and push policy (lib/launcher-image.ts),
 * Deployment pieces (lib/launcher-workload.ts), Ingresses (lib/launcher-ingress.ts), RBAC
 * (lib/launcher-rbac.ts), NetworkPolicies (lib/launcher-network-policies.ts) and the contract the
 * image, Deployment and server share (lib/launcher-contract.ts). Fast and free of the Pulumi runtime,
 * so `npm run mutate` runs it per mutant (docs/mutation.md).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  LAUNCHER_COMMAND,
  LAUNCHER_ENV,
  LAUNCHER_SECRET_KEYS,
  LAUNCHER_REPO_PATH,
  LAUNCHER_IMAGE_PLATFORM,
  LAUNCHER_IMAGE_ARCHITECTURE,
  OIDC_DATA_HEADER,
  LAUNCHER_APP_DIR,
} from "../lib/launcher-contract";
import {
  DEFAULT_KEEP_IMAGES,
  DIGEST_FORM,
  ECR_PUSH_ACTIONS,
  launcherLifecyclePolicy,
  launcherPushPolicy,
  launcherRepositoryName,
  launcherRepositoryProblem,
  parseDigestPinnedImage,
  repositoryNameProblem,
} from "../lib/launcher-image";
import {
  ALB_AUTH_ANNOTATIONS,
  browserIngress,
  conditionsAnnotation,
  INGRESS_ORDER,
  oidcIdpConfig,
  presetIngress,
  PRESET_INGRESS_NAME,
  sourceIpConditions,
  type LauncherIngressInput,
} from "../lib/launcher-ingress";
import { launcherNetworkPolicies, SSH_PORT } from "../lib/launcher-network-policies";
import {
  LAUNCHER_CLUSTER_ROLE,
  launcherClusterRole,
  launcherClusterRoleBinding,
  launcherStatusRules,
  oidcSecretReaderBinding,
  oidcSecretReaderRole,
} from "../lib/launcher-rbac";
import {
  gitTransport,
  LAUNCHER_DEFAULTS,
  launcherSettingsProblems,
  MAX_PRESET_CIDRS,
  PRESET_CIDR_LIMIT_REASON,
  type LauncherServiceSettings,
  type LauncherSettingsContext,
} from "../lib/launcher-settings";
import {
  cloneContainer,
  CLONE_SCRIPT,
  GIT_HTTPS_CREDENTIAL_HELPER,
  gitEnv,
  LAUNCHER_RESOURCES,
  launcherManifests,
  launcherWorkloadSpec,
  serverEnv,
  type LauncherWorkloadInput,
} from "../lib/launcher-workload";
import { ROOT } from "./paths";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-dev/launcher";
const IMAGE = `${REPOSITORY}@${DIGEST}`;

describe("launcher image references", () => {
  it("splits a digest-pinned reference into repository and digest", () => {
    assert.deepEqual(parseDigestPinnedImage(IMAGE), { repository: REPOSITORY, digest: DIGEST });
  });

  it("accepts a registry with a port, whose colon is not a tag", () => {
    assert.deepEqual(parseDigestPinnedImage(`registry.example.com:5000/launcher@${DIGEST}`), {
      repository: "registry.example.com:5000/launcher",
      digest: DIGEST,
    });
  });

  it("refuses a reference without a digest, saying whether it names a tag", () => {
    assert.deepEqual(parseDigestPinnedImage("registry.example.com/launcher:1.2"), {
      problem: `"registry.example.com/launcher:1.2" is not pinned by digest (it names a tag); write <repository>@sha256:<64 hex digits>, the digest the image workflow prints`,
    });
    assert.deepEqual(parseDigestPinnedImage("launcher:1.2"), {
      problem: `"launcher:1.2" is not pinned by digest (it names a tag); write <repository>@sha256:<64 hex digits>, the digest the image workflow prints`,
    });
    assert.deepEqual(parseDigestPinnedImage("registry.example.com:5000/launcher"), {
      problem: `"registry.example.com:5000/launcher" is not pinned by digest (it names no digest); write <repository>@sha256:<64 hex digits>, the digest the image workflow prints`,
    });
    assert.equal(DIGEST_FORM, "<repository>@sha256:<64 hex digits>");
  });

  it("refuses a digest that is not sha256 and 64 lower-case hex digits", () => {
    for (const digest of [
      `sha256:${"a".repeat(63)}`,
      `sha256:${"A".repeat(64)}`,
      `sha512:${"a".repeat(64)}`,
    ]) {
      assert.deepEqual(parseDigestPinnedImage(`${REPOSITORY}@${digest}`), {
        problem: `"${digest}" is not an image digest: sha256: followed by 64 lower-case hexadecimal digits`,
      });
    }
    const padded = `x${DIGEST}`;
    assert.ok("problem" in parseDigestPinnedImage(`${REPOSITORY}@${padded}`));
    assert.ok("problem" in parseDigestPinnedImage(`${REPOSITORY}@${DIGEST}0`));
  });

  it("refuses a tag next to the digest, naming the tag", () => {
    assert.deepEqual(parseDigestPinnedImage(`${REPOSITORY}:v1.2@${DIGEST}`), {
      problem: `"${REPOSITORY}:v1.2@${DIGEST}" names a tag as well as a digest; write <repository>@sha256:<64 hex digits> without ":v1.2" (the digest alone decides what runs)`,
    });
  });

  it("names the tag of a reference without registry path, too", () => {
    assert.deepEqual(parseDigestPinnedImage(`launcher:1.0@${DIGEST}`), {
      problem: `"launcher:1.0@${DIGEST}" names a tag as well as a digest; write <repository>@sha256:<64 hex digits> without ":1.0" (the digest alone decides what runs)`,
    });
  });

  it("refuses a reference without registry and repository path", () => {
    for (const image of [`launcher@${DIGEST}`, `@${DIGEST}`]) {
      assert.deepEqual(parseDigestPinnedImage(image), {
        problem: `"${image}" names no registry and repository; write <repository>@sha256:<64 hex digits>`,
      });
    }
  });
});

describe("the launcher's ECR repository", () => {
  it("is named <project>-<stack>/launcher", () => {
    assert.equal(launcherRepositoryName("game", "dev"), "game-dev/launcher");
  });

  it("checks ECR's repository name grammar, 2 to 256 characters", () => {
    const refused = (name: string) =>
      `"${name}" is not an ECR repository name (2-256 characters: lower-case letters, digits, and . _ - / between them)`;
    assert.equal(repositoryNameProblem("ab"), undefined);
    assert.equal(repositoryNameProblem("a"), refused("a"));
    assert.equal(repositoryNameProblem("a".repeat(256)), undefined);
    assert.equal(repositoryNameProblem("a".repeat(257)), refused("a".repeat(257)));
    assert.equal(repositoryNameProblem("game-dev/launcher"), undefined);
    assert.equal(repositoryNameProblem("a.b_c-d/e/f"), undefined);
    assert.equal(repositoryNameProblem("game1-dev_2.x/launcher.v_3-x9"), undefined);
    for (const name of ["Game/launcher", "game//launcher", "-game", "game-", "game/", "/game", "ga me"]) {
      assert.equal(repositoryNameProblem(name), refused(name), name);
    }
  });

  it("must be the stack's own repository in the stack's region", () => {
    assert.equal(launcherRepositoryProblem(REPOSITORY, "game-dev/launcher", "eu-west-1"), undefined);
    const wrong = (repository: string) =>
      `the image must come from this stack's launcher repository, <account>.dkr.ecr.eu-west-1.amazonaws.com/game-dev/launcher (the platform creates it; the image workflow pushes there), not ${repository}`;
    for (const repository of [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/game-dev/launcher",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-prod/launcher",
      "12345678901.dkr.ecr.eu-west-1.amazonaws.com/game-dev/launcher",
      "x123456789012.dkr.ecr.eu-west-1.amazonaws.com/game-dev/launcher",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com.evil/game-dev/launcher",
      "ghcr.io/game-dev/launcher",
    ]) {
      assert.equal(
        launcherRepositoryProblem(repository, "game-dev/launcher", "eu-west-1"),
        wrong(repository),
      );
    }
  });

  it("keeps the newest images only", () => {
    assert.equal(DEFAULT_KEEP_IMAGES, 50);
    assert.deepEqual(launcherLifecyclePolicy(7), {
      rules: [
        {
          rulePriority: 1,
          description: "Keep the newest 7 images; pin only digests among them",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 7 },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("lets the image workflow push to this repository only, as AWS's published policy does", () => {
    const arn = "arn:aws:ecr:eu-west-1:123456789012:repository/game-dev/launcher";
    assert.deepEqual(launcherPushPolicy(arn), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PushLauncherImages",
          Effect: "Allow",
          Action: [
            "ecr:CompleteLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:InitiateLayerUpload",
            "ecr:BatchCheckLayerAvailability",
            "ecr:PutImage",
            "ecr:BatchGetImage",
          ],
          Resource: arn,
        },
        { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      ],
    });
    const upstream = JSON.parse(
      readFileSync(join(ROOT, "upstream", "aws-ecr", "image-push-iam.json"), "utf8"),
    ) as {
      policy: { Statement: Array<{ Action: string | string[] }> };
    };
    assert.deepEqual(ECR_PUSH_ACTIONS, upstream.policy.Statement[0]!.Action);
  });
});

describe("Git remote transports", () => {
  it("reads ssh from scp-like and ssh:// URLs", () => {
    assert.equal(gitTransport("git@github.com:studio/game-infra.git"), "ssh");
    assert.equal(gitTransport("ssh://git@github.com/studio/game-infra.git"), "ssh");
    assert.equal(gitTransport("Deploy.user_1-x@Git-1.example:repo"), "ssh");
    assert.equal(gitTransport("git@10.0.0.5:studio/repo.git"), "ssh");
  });

  it("reads https from https:// URLs without credentials", () => {
    assert.equal(gitTransport("https://github.com/studio/game-infra.git"), "https");
    assert.equal(gitTransport("https://github.com/studio/game-infra@main"), "https");
  });

  it("refuses anything else", () => {
    for (const url of [
      "ssh://github.com/studio/game-infra.git",
      "ssh://git@github.com",
      "ssh://git@github.com/",
      "ssh://git@github.com/studio repo",
      "ssh://g it@github.com/studio/repo",
      "ssh://a/b@github.com/studio/repo",
      "ssh://git@git hub.com/studio/repo",
      "ssh://git@/studio/repo",
      "git@github.com: studio/repo",
      "https://git hub.com/studio/repo",
      "https:///studio/repo",
      " ssh://git@github.com/studio/repo",
      "git@github.com:/studio/repo.git",
      "git@github.com:",
      "git@github.com:studio/repo .git",
      "git@git hub.com:studio/repo",
      "x git@github.com:studio/repo",
      "https://github.com",
      "https://github.com/",
      "https://x-access-token:t@github.com/studio/repo.git",
      "https://token@github.com/studio/repo.git",
      "http://github.com/studio/repo.git",
      "xhttps://github.com/studio/repo.git",
      "https://github.com/studio/re po",
      "/srv/git/repo.git",
      "",
    ]) {
      assert.equal(gitTransport(url), undefined, url);
    }
  });
});

describe("the launcher's settings", () => {
  const settings: LauncherServiceSettings = {
    image: IMAGE,
    hostLabel: "stove",
    oidc: {
      issuer: "https://idp.example.com",
      authorizationEndpoint: "https://idp.example.com/authorize",
      tokenEndpoint: "https://idp.example.com/token",
      userInfoEndpoint: "https://idp.example.com/userinfo",
      clientSecretName: "launcher-oidc",
    },
    presetAllowedCidrs: ["203.0.113.0/24"],
    gitRepositoryUrl: "git@github.com:studio/game-infra.git",
    gitSecretName: "launcher-git",
    slackSecretName: "launcher-slack",
  };
  const context: LauncherSettingsContext = {
    domain: "dev.example.com",
    region: "eu-west-1",
    repositoryName: "game-dev/launcher",
  };
  const problems = (over: Partial<LauncherServiceSettings>, ctx: Partial<LauncherSettingsContext> = {}) =>
    launcherSettingsProblems({ ...settings, ...over }, { ...context, ...ctx });

  it("has the documented defaults and a two-CIDR limit on the preset rule", () => {
    assert.deepEqual(LAUNCHER_DEFAULTS, {
      hostLabel: "stove",
      gitSecretName: "launcher-git",
      slackSecretName: "launcher-slack",
      oidcClientSecretName: "launcher-oidc",
    });
    assert.equal(MAX_PRESET_CIDRS, 2);
    assert.equal(
      PRESET_CIDR_LIMIT_REASON,
      "one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 3",
    );
  });

  it("accepts valid settings", () => {
    assert.deepEqual(problems({}), []);
    assert.deepEqual(
      problems({
        gitRepositoryUrl: "https://github.com/studio/game-infra.git",
        presetTokenSecretName: "preset",
      }),
      [],
    );
  });

  it("refuses an image not pinned by digest", () => {
    assert.deepEqual(problems({ image: `${REPOSITORY}:latest` }), [
      {
        propertyPath: "image",
        reason: `"${REPOSITORY}:latest" is not pinned by digest (it names a tag); write <repository>@sha256:<64 hex digits>, the digest the image workflow prints`,
      },
    ]);
  });

  it("refuses an image from another repository or region, when the region is known", () => {
    const other = `123456789012.dkr.ecr.us-east-1.amazonaws.com/game-dev/launcher@${DIGEST}`;
    assert.deepEqual(problems({ image: other }), [
      {
        propertyPath: "image",
        reason:
          "the image must come from this stack's launcher repository, <account>.dkr.ecr.eu-west-1.amazonaws.com/game-dev/launcher (the platform creates it; the image workflow pushes there), not 123456789012.dkr.ecr.us-east-1.amazonaws.com/game-dev/launcher",
      },
    ]);
    assert.deepEqual(problems({ image: other }, { region: undefined }), []);
  });

  it("refuses a host label that is not one DNS label, or is the log dashboards' host", () => {
    const notLabel = (label: string) => [
      {
        propertyPath: "hostLabel",
        reason: `"${label}" must be one DNS label (lower-case letters, digits and '-', at most 63 characters)`,
      },
    ];
    assert.deepEqual(problems({ hostLabel: "Stove" }), notLabel("Stove"));
    assert.deepEqual(problems({ hostLabel: "stove.web" }), notLabel("stove.web"));
    assert.deepEqual(problems({ hostLabel: "s".repeat(64) }), notLabel("s".repeat(64)));
    assert.deepEqual(problems({ hostLabel: "s".repeat(63) }), []);
    assert.deepEqual(problems({ hostLabel: "logs" }), [
      { propertyPath: "hostLabel", reason: `"logs" is the log dashboards' host; choose another` },
    ]);
  });

  it("refuses identity provider endpoints that are not plain https:// URLs, naming each key", () => {
    const oidc = {
      ...settings.oidc,
      issuer: "http://idp.example.com",
      authorizationEndpoint: "https://user:pass@idp.example.com/authorize",
      tokenEndpoint: "idp.example.com/token",
      userInfoEndpoint: "https://:pass@idp.example.com/userinfo",
    };
    const reason = (value: string) =>
      `"${value}" must be a full https:// URL (the ALB calls the identity provider over TLS)`;
    assert.deepEqual(problems({ oidc }), [
      { propertyPath: "oidc.issuer", reason: reason("http://idp.example.com") },
      {
        propertyPath: "oidc.authorizationEndpoint",
        reason: reason("https://user:pass@idp.example.com/authorize"),
      },
      { propertyPath: "oidc.tokenEndpoint", reason: reason("idp.example.com/token") },
      { propertyPath: "oidc.userInfoEndpoint", reason: reason("https://:pass@idp.example.com/userinfo") },
    ]);
    assert.deepEqual(problems({ oidc: { ...settings.oidc, issuer: "https://user@idp.example.com" } }), [
      { propertyPath: "oidc.issuer", reason: reason("https://user@idp.example.com") },
    ]);
  });

  it("refuses Secret names that are not DNS labels, naming each key", () => {
    const reason = (name: string) =>
      `"${name}" must be a Kubernetes Secret name (a DNS-1123 label of at most 63 characters)`;
    assert.deepEqual(
      problems({
        oidc: { ...settings.oidc, clientSecretName: "Oidc" },
        gitSecretName: "git_key",
        slackSecretName: "slack.url",
        presetTokenSecretName: "-preset",
      }),
      [
        { propertyPath: "oidc.clientSecretName", reason: reason("Oidc") },
        { propertyPath: "gitSecretName", reason: reason("git_key") },
        { propertyPath: "slackSecretName", reason: reason("slack.url") },
        { propertyPath: "presetTokenSecretName", reason: reason("-preset") },
      ],
    );
  });

  it("refuses sharing the OIDC client Secret, which the load balancer controller may read", () => {
    const shared = (path: string) => ({
      propertyPath: path,
      reason: `"launcher-oidc" is also the OIDC client Secret, which the load balancer controller may read; use a Secret of its own`,
    });
    assert.deepEqual(problems({ gitSecretName: "launcher-oidc" }), [shared("gitSecretName")]);
    assert.deepEqual(problems({ slackSecretName: "launcher-oidc" }), [shared("slackSecretName")]);
    assert.deepEqual(problems({ presetTokenSecretName: "launcher-oidc" }), [shared("presetTokenSecretName")]);
  });

  it("refuses preset CIDRs that are not IPv4 CIDRs or admit everyone", () => {
    assert.deepEqual(problems({ presetAllowedCidrs: ["10.0.0.300/24", "0.0.0.0/0"] }), [
      { propertyPath: "presetAllowedCidrs", reason: `"10.0.0.300/24" is not an IPv4 CIDR` },
      {
        propertyPath: "presetAllowedCidrs",
        reason: `"0.0.0.0/0" admits every address; to open the preset API to everyone, configure presetTokenSecretName and leave the CIDRs out`,
      },
    ]);
    assert.deepEqual(problems({ presetAllowedCidrs: ["10.0.0.0/10"] }), []);
  });

  it("accepts two preset CIDRs and refuses three", () => {
    assert.deepEqual(problems({ presetAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24"] }), []);
    assert.deepEqual(
      problems({ presetAllowedCidrs: ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"] }),
      [
        {
          propertyPath: "presetAllowedCidrs",
          reason:
            "has 3 CIDRs; at most 2 fit: one ALB listener rule holds at most 5 condition values (3 in one condition), and this rule's host and path take 3",
        },
      ],
    );
  });

  it("refuses a preset API limited by neither CIDR nor token", () => {
    assert.deepEqual(problems({ presetAllowedCidrs: [] }), [
      {
        propertyPath: "presetAllowedCidrs",
        reason:
          "is empty and presetTokenSecretName is not set: the preset API, which skips the browser login, must be limited by source CIDR or token",
      },
    ]);
    assert.deepEqual(problems({ presetAllowedCidrs: [], presetTokenSecretName: "launcher-preset" }), []);
  });

  it("refuses a Git URL that is neither SSH nor credential-free https", () => {
    assert.deepEqual(problems({ gitRepositoryUrl: "https://token@github.com/studio/game-infra.git" }), [
      {
        propertyPath: "gitRepositoryUrl",
        reason: `"https://token@github.com/studio/game-infra.git" must be an SSH URL (git@host:org/repo.git, ssh://git@host/org/repo.git) or an https:// URL without credentials in it`,
      },
    ]);
  });
});

const WORKLOAD_INPUT: LauncherWorkloadInput = {
  image: IMAGE,
  placement: { nodeSelector: { "game-infra/pool": "system" }, tolerations: [] },
  graceTolerations: [],
  tier: "dev",
  publicUrl: "https://stove.dev.example.com",
  region: "eu-west-1",
  gitRepositoryUrl: "git@github.com:studio/game-infra.git",
  gitSecretName: "launcher-git",
  slackSecretName: "launcher-slack",
};
const HTTPS_INPUT: LauncherWorkloadInput = {
  ...WORKLOAD_INPUT,
  gitRepositoryUrl: "https://github.com/studio/game-infra.git",
};

const SSH_COMMAND =
  "ssh -i /etc/launcher/git-ssh/ssh-privatekey -o IdentitiesOnly=yes -o UserKnownHostsFile=/etc/launcher/git-ssh/known_hosts -o StrictHostKeyChecking=yes";
const HELPER = `!f() { test "$1" = get || exit 0; echo "username=$GIT_HTTPS_USERNAME"; echo "password=$GIT_HTTPS_TOKEN"; }; f`;
const SCRATCH_MOUNTS = [
  { name: "tmp", mountPath: "/tmp" },
  { name: "home", mountPath: "/home/launcher" },
  { name: "state", mountPath: "/var/lib/launcher" },
];
const SSH_MOUNT = { name: "git-ssh", mountPath: "/etc/launcher/git-ssh", readOnly: true };
const SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

describe("the launcher's Git environment", () => {
  it("uses the mounted deploy key with host key checking for an SSH remote", () => {
    assert.deepEqual(gitEnv(WORKLOAD_INPUT), [
      { name: "HOME", value: "/home/launcher" },
      { name: "GIT_TERMINAL_PROMPT", value: "0" },
      { name: "GIT_SSH_COMMAND", value: SSH_COMMAND },
    ]);
  });

  it("passes the user name and token from the Secret to a credential helper for an https remote", () => {
    assert.equal(GIT_HTTPS_CREDENTIAL_HELPER, HELPER);
    assert.deepEqual(gitEnv(HTTPS_INPUT), [
      { name: "HOME", value: "/home/launcher" },
      { name: "GIT_TERMINAL_PROMPT", value: "0" },
      { name: "GIT_HTTPS_USERNAME", valueFrom: { secretKeyRef: { name: "launcher-git", key: "username" } } },
      { name: "GIT_HTTPS_TOKEN", valueFrom: { secretKeyRef: { name: "launcher-git", key: "token" } } },
      { name: "GIT_CONFIG_COUNT", value: "1" },
      { name: "GIT_CONFIG_KEY_0", value: "credential.helper" },
      { name: "GIT_CONFIG_VALUE_0", value: HELPER },
    ]);
  });

  it("throws on a URL the settings check would have refused", () => {
    assert.throws(
      () => gitEnv({ gitRepositoryUrl: "ftp://example.com/repo", gitSecretName: "launcher-git" }),
      {
        message: `"ftp://example.com/repo" is not a Git URL the launcher can use; validate the settings first`,
      },
    );
  });
});

describe("the launcher server's environment", () => {
  it("names the tier, URL, region and the Slack Secret", () => {
    assert.deepEqual(serverEnv(WORKLOAD_INPUT), [
      { name: "LAUNCHER_TIER", value: "dev" },
      { name: "LAUNCHER_PUBLIC_URL", value: "https://stove.dev.example.com" },
      { name: "AWS_REGION", value: "eu-west-1" },
      {
        name: "SLACK_WEBHOOK_URL",
        valueFrom: { secretKeyRef: { name: "launcher-slack", key: "webhook-url" } },
      },
    ]);
  });

  it("adds the preset token from its Secret when one is configured", () => {
    assert.deepEqual(serverEnv({ ...WORKLOAD_INPUT, presetTokenSecretName: "launcher-preset" }).at(-1), {
      name: "PRESET_TOKEN",
      valueFrom: { secretKeyRef: { name: "launcher-preset", key: "token" } },
    });
  });
});

describe("the launcher's workload spec", () => {
  it("is one replica of the pinned image with its probes, scratch paths, user and token", () => {
    assert.deepEqual(launcherWorkloadSpec(WORKLOAD_INPUT), {
      name: "launcher",
      namespace: "launcher",
      instance: "launcher",
      partOf: "game-infra",
      component: "launcher",
      image: IMAGE,
      version: DIGEST,
      port: { name: "http", containerPort: 8080, servicePort: 80 },
      env: [...serverEnv(WORKLOAD_INPUT), ...gitEnv(WORKLOAD_INPUT)],
      probes: {
        readiness: { http: { path: "/readyz", port: "http" } },
        liveness: { http: { path: "/healthz", port: "http" } },
      },
      resources: { cpu: "100m", memory: "384Mi", memoryLimit: "768Mi", cpuLimit: "1" },
      replicas: 1,
      writablePaths: SCRATCH_MOUNTS,
      runAs: { user: 10001, group: 10001 },
      placement: WORKLOAD_INPUT.placement,
      graceTolerations: [],
      serviceAccountToken: true,
    });
  });

  it("takes resources when given", () => {
    const resources = { cpu: "200m", memory: "512Mi", memoryLimit: "1Gi" };
    assert.deepEqual(launcherWorkloadSpec({ ...WORKLOAD_INPUT, resources }).resources, resources);
    assert.deepEqual(LAUNCHER_RESOURCES, {
      cpu: "100m",
      memory: "384Mi",
      memoryLimit: "768Mi",
      cpuLimit: "1",
    });
  });
});

describe("the clone init container", () => {
  it("clones the configured URL afresh into the state volume", () => {
    assert.equal(
      CLONE_SCRIPT,
      'set -eu\nrm -rf /var/lib/launcher/repo\ngit clone --quiet -- "$LAUNCHER_GIT_URL" /var/lib/launcher/repo',
    );
    assert.deepEqual(cloneContainer(HTTPS_INPUT, SCRATCH_MOUNTS), {
      name: "clone-repository",
      image: IMAGE,
      imagePullPolicy: "IfNotPresent",
      command: ["/bin/sh", "-c", CLONE_SCRIPT],
      env: [
        { name: "LAUNCHER_GIT_URL", value: "https://github.com/studio/game-infra.git" },
        ...gitEnv(HTTPS_INPUT),
      ],
      resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
      securityContext: SECURITY_CONTEXT,
      volumeMounts: SCRATCH_MOUNTS,
    });
  });
});

describe("the launcher's Deployment", () => {
  const podOf = (input: LauncherWorkloadInput) => {
    const manifests = launcherManifests(input);
    assert.equal(manifests.deployments.length, 1);
    assert.equal(manifests.deployments[0]!.key, "deployment");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (manifests.deployments[0]!.args.spec as any).template.spec;
  };

  it("runs as the launcher ServiceAccount, clones first and mounts the SSH deploy key for an SSH remote", () => {
    const pod = podOf(WORKLOAD_INPUT);
    assert.equal(pod.serviceAccountName, "launcher");
    assert.equal(pod.automountServiceAccountToken, true);
    assert.deepEqual(pod.initContainers, [cloneContainer(WORKLOAD_INPUT, [...SCRATCH_MOUNTS, SSH_MOUNT])]);
    assert.equal(pod.containers.length, 1);
    assert.equal(pod.containers[0].name, "launcher");
    assert.equal(pod.containers[0].image, IMAGE);
    assert.deepEqual(pod.containers[0].volumeMounts, [...SCRATCH_MOUNTS, SSH_MOUNT]);
    assert.deepEqual(pod.volumes, [
      { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
      { name: "home", emptyDir: { sizeLimit: "1Gi" } },
      { name: "state", emptyDir: { sizeLimit: "1Gi" } },
      {
        name: "git-ssh",
        secret: {
          secretName: "launcher-git",
          defaultMode: 0o440,
          items: [
            { key: "ssh-privatekey", path: "ssh-privatekey" },
            { key: "known_hosts", path: "known_hosts" },
          ],
        },
      },
    ]);
  });

  it("mounts no Secret volume for an https remote", () => {
    const pod = podOf(HTTPS_INPUT);
    assert.deepEqual(pod.containers[0].volumeMounts, SCRATCH_MOUNTS);
    assert.deepEqual(pod.initContainers[0].volumeMounts, SCRATCH_MOUNTS);
    assert.deepEqual(
      pod.volumes.map((v: { name: string }) => v.name),
      ["tmp", "home", "state"],
    );
  });

  it("keeps the builder's Service", () => {
    const manifests = launcherManifests(WORKLOAD_INPUT);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const service = manifests.services[0]!.args as any;
    assert.equal(service.metadata.name, "launcher");
    assert.deepEqual(
      service.spec.ports.map((p: { port: number; targetPort: unknown }) => [p.port, p.targetPort]),
      [[80, "http"]],
    );
  });
});

const INGRESS_INPUT: LauncherIngressInput = {
  host: "stove.dev.example.com",
  service: "launcher",
  servicePort: 80,
  ingressGroup: "game-dev",
  certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
  oidc: {
    issuer: "https://idp.example.com",
    authorizationEndpoint: "https://idp.example.com/authorize",
    tokenEndpoint: "https://idp.example.com/token",
    userInfoEndpoint: "https://idp.example.com/userinfo",
    clientSecretName: "launcher-oidc",
  },
  presetAllowedCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
  labels: { "app.kubernetes.io/name": "launcher" },
};
const SHARED_ALB = {
  "alb.ingress.kubernetes.io/group.name": "game-dev",
  "alb.ingress.kubernetes.io/scheme": "internet-facing",
  "alb.ingress.kubernetes.io/target-type": "ip",
  "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
  "alb.ingress.kubernetes.io/ssl-redirect": "443",
  "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
  "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "alb.ingress.kubernetes.io/target-group-attributes": "deregistration_delay.timeout_seconds=30",
  "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
};
const ingressSpec = (path: string) => ({
  ingressClassName: "alb",
  tls: [{ hosts: ["stove.dev.example.com"] }],
  rules: [
    {
      host: "stove.dev.example.com",
      http: {
        paths: [
          { path, pathType: "Prefix", backend: { service: { name: "launcher", port: { number: 80 } } } },
        ],
      },
    },
  ],
});

describe("the launcher's Ingresses", () => {
  it("name the controller's annotations", () => {
    assert.deepEqual(ALB_AUTH_ANNOTATIONS, {
      type: "alb.ingress.kubernetes.io/auth-type",
      idpOidc: "alb.ingress.kubernetes.io/auth-idp-oidc",
      onUnauthenticatedRequest: "alb.ingress.kubernetes.io/auth-on-unauthenticated-request",
      scope: "alb.ingress.kubernetes.io/auth-scope",
      groupOrder: "alb.ingress.kubernetes.io/group.order",
      listenPorts: "alb.ingress.kubernetes.io/listen-ports",
      sslRedirect: "alb.ingress.kubernetes.io/ssl-redirect",
      healthcheckPath: "alb.ingress.kubernetes.io/healthcheck-path",
    });
    assert.equal(conditionsAnnotation("launcher"), "alb.ingress.kubernetes.io/conditions.launcher");
    assert.deepEqual(INGRESS_ORDER, { presets: 1, browser: 2 });
    assert.equal(PRESET_INGRESS_NAME, "launcher-presets");
  });

  it("write the OIDC provider and the source-ip condition as the controller's JSON", () => {
    assert.equal(
      oidcIdpConfig(INGRESS_INPUT.oidc),
      '{"issuer":"https://idp.example.com","authorizationEndpoint":"https://idp.example.com/authorize","tokenEndpoint":"https://idp.example.com/token","userInfoEndpoint":"https://idp.example.com/userinfo","secretName":"launcher-oidc"}',
    );
    assert.equal(
      sourceIpConditions(["203.0.113.0/24"]),
      '[{"field":"source-ip","sourceIpConfig":{"values":["203.0.113.0/24"]}}]',
    );
  });

  it("put the whole host behind the OIDC login, ordered after the preset rule", () => {
    assert.deepEqual(browserIngress(INGRESS_INPUT), {
      metadata: {
        name: "launcher",
        namespace: "launcher",
        labels: { "app.kubernetes.io/name": "launcher" },
        annotations: {
          ...SHARED_ALB,
          "alb.ingress.kubernetes.io/group.order": "2",
          "alb.ingress.kubernetes.io/auth-type": "oidc",
          "alb.ingress.kubernetes.io/auth-idp-oidc": oidcIdpConfig(INGRESS_INPUT.oidc),
          "alb.ingress.kubernetes.io/auth-on-unauthenticated-request": "authenticate",
          "alb.ingress.kubernetes.io/auth-scope": "openid email",
        },
      },
      spec: ingressSpec("/"),
    });
  });

  it("open the preset prefix without login to the allowed CIDRs only, first in the group", () => {
    assert.deepEqual(presetIngress(INGRESS_INPUT), {
      metadata: {
        name: "launcher-presets",
        namespace: "launcher",
        labels: { "app.kubernetes.io/name": "launcher" },
        annotations: {
          ...SHARED_ALB,
          "alb.ingress.kubernetes.io/group.order": "1",
          "alb.ingress.kubernetes.io/auth-type": "none",
          "alb.ingress.kubernetes.io/conditions.launcher":
            '[{"field":"source-ip","sourceIpConfig":{"values":["203.0.113.0/24","198.51.100.7/32"]}}]',
        },
      },
      spec: ingressSpec("/api/v1/presets"),
    });
  });

  it("leave the preset rule without a source condition when the token alone guards it", () => {
    const ingress = presetIngress({ ...INGRESS_INPUT, presetAllowedCidrs: [] });
    assert.deepEqual(ingress.metadata, {
      name: "launcher-presets",
      namespace: "launcher",
      labels: { "app.kubernetes.io/name": "launcher" },
      annotations: {
        ...SHARED_ALB,
        "alb.ingress.kubernetes.io/group.order": "1",
        "alb.ingress.kubernetes.io/auth-type": "none",
      },
    });
  });
});

describe("the launcher's Kubernetes permissions", () => {
  const labels = { "app.kubernetes.io/part-of": "game-infra" };

  it("read environment status cluster-wide, one rule per API group, nothing else", () => {
    assert.deepEqual(launcherStatusRules(), [
      { apiGroups: [""], resources: ["namespaces", "pods"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["kube-green.com"], resources: ["sleepinfos"], verbs: ["get", "list", "watch"] },
    ]);
    assert.deepEqual(launcherClusterRole(labels), {
      metadata: { name: "launcher-status-reader", labels },
      rules: launcherStatusRules(),
    });
    assert.equal(LAUNCHER_CLUSTER_ROLE, "launcher-status-reader");
  });

  it("bind the ClusterRole to the launcher's ServiceAccount only", () => {
    assert.deepEqual(launcherClusterRoleBinding(labels), {
      metadata: { name: "launcher-status-reader", labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "launcher-status-reader" },
      subjects: [{ kind: "ServiceAccount", name: "launcher", namespace: "launcher" }],
    });
  });

  it("let the load balancer controller read the OIDC client Secret by name, and nothing else", () => {
    assert.deepEqual(oidcSecretReaderRole("launcher-oidc", labels), {
      metadata: { name: "alb-oidc-client-secret-reader", namespace: "launcher", labels },
      rules: [
        {
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: ["launcher-oidc"],
          verbs: ["get", "list", "watch"],
        },
      ],
    });
    assert.deepEqual(oidcSecretReaderBinding(labels), {
      metadata: { name: "alb-oidc-client-secret-reader", namespace: "launcher", labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "alb-oidc-client-secret-reader" },
      subjects: [{ kind: "ServiceAccount", name: "aws-load-balancer-controller", namespace: "kube-system" }],
    });
  });
});

describe("the launcher namespace's NetworkPolicies", () => {
  const input = {
    selector: { "app.kubernetes.io/name": "launcher" },
    loadBalancerCidrs: ["10.0.0.0/20", "10.0.16.0/20"],
    gitTransport: "https" as const,
    labels: { team: "platform" },
  };
  const metadata = (name: string) => ({ name, namespace: "launcher", labels: { team: "platform" } });
  const common = {
    "default-deny": {
      metadata: metadata("default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
    "allow-dns": {
      metadata: metadata("allow-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    },
    "allow-https-egress": {
      metadata: metadata("allow-https-egress"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ ports: [{ protocol: "TCP", port: 443 }] }],
      },
    },
    "allow-load-balancer": {
      metadata: metadata("allow-load-balancer"),
      spec: {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "launcher" } },
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ ipBlock: { cidr: "10.0.0.0/20" } }, { ipBlock: { cidr: "10.0.16.0/20" } }],
            ports: [{ protocol: "TCP", port: 8080 }],
          },
        ],
      },
    },
  };

  it("admit only the load balancer's subnets on the server port, and DNS and HTTPS out, for an https remote", () => {
    assert.deepEqual(launcherNetworkPolicies(input), common);
  });

  it("also let the launcher out on SSH for an SSH remote", () => {
    assert.equal(SSH_PORT, 22);
    assert.deepEqual(launcherNetworkPolicies({ ...input, gitTransport: "ssh" }), {
      ...common,
      "allow-ssh-egress": {
        metadata: metadata("allow-ssh-egress"),
        spec: {
          podSelector: { matchLabels: { "app.kubernetes.io/name": "launcher" } },
          policyTypes: ["Egress"],
          egress: [{ ports: [{ protocol: "TCP", port: 22 }] }],
        },
      },
    });
  });
});

describe("the launcher's contract with its image and server", () => {
  it("starts the server on the contract's port and clone", () => {
    assert.equal(LAUNCHER_REPO_PATH, "/var/lib/launcher/repo");
    assert.deepEqual(LAUNCHER_COMMAND, [
      "npm",
      "run",
      "launcher",
      "--",
      "--repo",
      "/var/lib/launcher/repo",
      "--port",
      "8080",
    ]);
    assert.equal(LAUNCHER_APP_DIR, "/app");
    assert.equal(LAUNCHER_IMAGE_PLATFORM, "linux/amd64");
    assert.equal(LAUNCHER_IMAGE_ARCHITECTURE, "x86_64");
    assert.equal(OIDC_DATA_HEADER, "x-amzn-oidc-data");
  });

  it("names the environment variables and Secret keys the server and Secrets use", () => {
    assert.deepEqual(LAUNCHER_ENV, {
      slackWebhookUrl: "SLACK_WEBHOOK_URL",
      presetToken: "PRESET_TOKEN",
      tier: "LAUNCHER_TIER",
      publicUrl: "LAUNCHER_PUBLIC_URL",
      awsRegion: "AWS_REGION",
    });
    assert.deepEqual(LAUNCHER_SECRET_KEYS, {
      sshPrivateKey: "ssh-privatekey",
      sshKnownHosts: "known_hosts",
      httpsUsername: "username",
      httpsToken: "token",
      slackWebhookUrl: "webhook-url",
      presetToken: "token",
      oidcClientId: "clientID",
      oidcClientSecret: "clientSecret",
    });
  });
});
