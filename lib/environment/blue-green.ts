/**
 * Which version each colour of a blue/green game server runs. The active colour runs the
 * environment's `version`; the idle one runs `previewVersion` (default: the same). So a release is
 * two config changes, and only the second touches what players see:
 *
 * 1. set `previewVersion: 1.43.0`: the idle colour starts 1.43.0; players stay on the active one;
 *    QA tries it through the preview host;
 * 2. set `activeColor` to the other colour and swap `version` and `previewVersion`: both colours keep
 *    their versions and only the Service's selector moves, in one step.
 */
import type { Color } from "./profile";

/** The version each colour runs. */
export function colorVersions(
  active: Color,
  version: string,
  previewVersion?: string,
): Record<Color, string> {
  const idle = previewVersion ?? version;
  return active === "blue" ? { blue: version, green: idle } : { blue: idle, green: version };
}
