/**
 * Kubernetes resource quantities (`500m`, `1.5`, `512Mi`, `2Gi`) as numbers, so sizing can be
 * summed and compared before anything reaches the API server.
 */

const CPU_PATTERN = /^(\d+(?:\.\d+)?)(m?)$/;
const BYTES_PATTERN = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

const BYTE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** CPU in millicores (`500m` -> 500, `2` -> 2000); `undefined` when it is not a CPU quantity. */
export function parseCpu(quantity: string | number): number | undefined {
  const match = CPU_PATTERN.exec(String(quantity).trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const millicores = match[2] === "m" ? value : value * 1000;
  return Number.isInteger(millicores) ? millicores : undefined;
}

/** A byte quantity (`512Mi`, `2Gi`, `1G`) in bytes; `undefined` when it is not one. */
export function parseBytes(quantity: string | number): number | undefined {
  const match = BYTES_PATTERN.exec(String(quantity).trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * BYTE_UNITS[match[2] ?? ""]!;
  return Number.isFinite(bytes) ? Math.round(bytes) : undefined;
}

/** Millicores as Kubernetes writes them: whole cores plainly (`2`), anything else in `m`. */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Bytes in the largest binary unit that divides them exactly (`2Gi`, `1536Mi`). */
export function formatBytes(bytes: number): string {
  for (const unit of ["Ti", "Gi", "Mi", "Ki"]) {
    const size = BYTE_UNITS[unit]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Bytes rounded up to whole GiB, for messages (`5.25 GiB`). */
export function describeBytes(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(2)} GiB`;
}

/** Millicores for messages (`2.5 CPU`). */
export function describeCpu(millicores: number): string {
  return `${millicores / 1000} CPU`;
}
