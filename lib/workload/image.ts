/** Container image references: built from a registry, repository and tag, and checked to be pinned. */

/** `<registry>/<repository>:<tag>`, with any trailing `/` on the registry dropped. */
export function imageReference(registry: string, repository: string, tag: string): string {
  return `${registry.replace(/\/+$/, "")}/${repository}:${tag}`;
}

/** The tag of an image reference (`undefined` when it has none); a `@sha256:` digest is not a tag. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split("@")[0]!;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  return colon === -1 ? undefined : lastSegment.slice(colon + 1);
}

/** True when the image names a fixed version: a digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = imageTag(image);
  return tag !== undefined && tag !== "" && tag !== "latest";
}
