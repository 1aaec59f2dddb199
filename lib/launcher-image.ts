/**
 * The launcher's image: where it is pushed (one ECR repository per platform stack), how long pushed
 * images are kept, what a pusher may do, and how config names the image (by digest, never by tag).
 * Facts: the push permissions are AWS's published policy (upstream/aws-ecr/image-push-iam.json).
 */
import type * as aws from "@pulumi/aws";
import type { PolicyDocument } from "./iam-policies";
import { clusterName } from "./naming";

/** A `sha256` image digest as registries print it. */
export const IMAGE_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** ECR's repository name grammar (CreateRepository `repositoryName`), 2 to 256 characters. */
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** An image reference pinned by digest, split up. */
export interface DigestPinnedImage {
  /** Registry host and repository path, without tag or digest. */
  readonly repository: string;
  /** `sha256:<64 hex>`. */
  readonly digest: string;
}

/** What to write instead, for error messages. */
export const DIGEST_FORM = "<repository>@sha256:<64 hex digits>";

/**
 * Parses an image reference that must be pinned by digest and carry no tag. Returns the parts, or
 * the reason it is refused: a tag can be moved to another image (ECR's tag immutability only holds
 * inside one repository), so the Deployment must name the exact image it runs.
 */
export function parseDigestPinnedImage(image: string): DigestPinnedImage | { readonly problem: string } {
  const at = image.indexOf("@");
  if (at === -1) {
    const hint = image.slice(image.lastIndexOf("/") + 1).includes(":")
      ? "it names a tag"
      : "it names no digest";
    return {
      problem: `"${image}" is not pinned by digest (${hint}); write ${DIGEST_FORM}, the digest the image workflow prints`,
    };
  }
  const repository = image.slice(0, at);
  const digest = image.slice(at + 1);
  if (!IMAGE_DIGEST.test(digest)) {
    return {
      problem: `"${digest}" is not an image digest: sha256: followed by 64 lower-case hexadecimal digits`,
    };
  }
  const lastSegment = repository.slice(repository.lastIndexOf("/") + 1);
  if (lastSegment.includes(":")) {
    return {
      problem: `"${image}" names a tag as well as a digest; write ${DIGEST_FORM} without ":${lastSegment.slice(lastSegment.indexOf(":") + 1)}" (the digest alone decides what runs)`,
    };
  }
  if (repository === "" || !repository.includes("/")) {
    return { problem: `"${image}" names no registry and repository; write ${DIGEST_FORM}` };
  }
  return { repository, digest };
}

/** The stack's launcher repository: `<project>-<stack>/launcher`, so stacks in one account never collide. */
export function launcherRepositoryName(project: string, stack: string): string {
  return `${clusterName(project, stack)}/launcher`;
}

/** Why `name` cannot be an ECR repository name, or undefined when it can. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256 || !ECR_REPOSITORY_NAME.test(name)) {
    return `"${name}" is not an ECR repository name (2-256 characters: lower-case letters, digits, and . _ - / between them)`;
  }
  return undefined;
}

/** The ECR registry host of an account in a region. */
const ECR_HOST = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/**
 * Why `repository` (an image reference's registry and path) is not the stack's own launcher
 * repository in `region`, or undefined when it is. The account is not checked: it is only known
 * once the repository exists.
 */
export function launcherRepositoryProblem(
  repository: string,
  repositoryName: string,
  region: string,
): string | undefined {
  const slash = repository.indexOf("/");
  const host = repository.slice(0, slash);
  const path = repository.slice(slash + 1);
  const match = ECR_HOST.exec(host);
  if (!match || match[2] !== region || path !== repositoryName) {
    return `the image must come from this stack's launcher repository, <account>.dkr.ecr.${region}.amazonaws.com/${repositoryName} (the platform creates it; the image workflow pushes there), not ${repository}`;
  }
  return undefined;
}

/** How many images the repository keeps by default: months of merges, a few MiB of storage each. */
export const DEFAULT_KEEP_IMAGES = 50;

/**
 * The lifecycle policy: only the newest `keep` images stay; older ones expire. A stack pinned to an
 * image older than that can no longer start new pods, so pin recent digests (docs/launcher-deploy.md).
 */
export function launcherLifecyclePolicy(keep: number): aws.types.input.ecr.LifecyclePolicyDocument {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Keep the newest ${keep} images; pin only digests among them`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  };
}

/** The actions AWS's "push to a specific repository" policy grants on the repository. */
export const ECR_PUSH_ACTIONS: readonly string[] = [
  "ecr:CompleteLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:InitiateLayerUpload",
  "ecr:BatchCheckLayerAvailability",
  "ecr:PutImage",
  "ecr:BatchGetImage",
];

/**
 * What the image workflow's role needs to push to the repository (AWS's published least-privilege
 * policy): the layer and manifest calls on this repository only, and an authorization token
 * (which takes no resource).
 */
export function launcherPushPolicy(repositoryArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "PushLauncherImages", Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: repositoryArn },
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
    ],
  };
}
