/** Records every resource registration the mock monitor sees, with the options the engine would get. */
import type { Json } from "./values";
import { toPlainJson } from "./values";

/** One registered resource, as the engine would have received it. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Parent URN; top-level resources have none here (the plan adds the root stack). */
  readonly parent: string | null;
  readonly custom: boolean;
  /** Inputs with secrets masked as "[secret]". */
  readonly inputs: { [key: string]: Json };
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly deleteBeforeReplace: boolean;
  readonly ignoreChanges: string[];
  readonly replaceOnChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly aliases: number;
  readonly dependsOn: string[];
  /** Explicit provider reference (URN, without the id), or null for the default provider. */
  readonly provider: string | null;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getReplaceonchangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getAliasesList(): unknown[];
  getDependenciesList(): string[];
  getProvider(): string;
}

interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
}

interface MonitorLike {
  registerResource(
    req: RegisterRequest,
    callback: (err: unknown, resp?: { getUrn(): string }) => void,
  ): unknown;
  readResource(req: ReadRequest, callback: (err: unknown, resp?: { getUrn(): string }) => void): unknown;
}

/**
 * Wraps the monitor's `registerResource` and `readResource` so every request is recorded once its
 * URN is known. Reads (a StackReference, `Resource.get`) are in the plan too, as the engine shows
 * them in a preview: they create nothing, but say what the stack depends on.
 */
export function recordRegistrations(monitor: MonitorLike, sink: RecordedResource[]): void {
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    original(req, (err, resp) => {
      if (!err && resp) sink.push(describe(req, resp.getUrn()));
      callback(err, resp);
    });
  const originalRead = monitor.readResource.bind(monitor);
  monitor.readResource = (req, callback) =>
    originalRead(req, (err, resp) => {
      if (!err && resp) sink.push(describeRead(req, resp.getUrn()));
      callback(err, resp);
    });
}

function describeRead(req: ReadRequest, urn: string): RecordedResource {
  const provider = req.getProvider();
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent() || null,
    custom: true,
    inputs: toPlainJson(req.getProperties()?.toJavaScript() ?? {}) as { [key: string]: Json },
    protect: false,
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
    replaceOnChanges: [],
    additionalSecretOutputs: [],
    aliases: 0,
    dependsOn: [...new Set(req.getDependenciesList())].sort(),
    provider: provider ? provider.split("::").slice(0, -1).join("::") : null,
  };
}

function describe(req: RegisterRequest, urn: string): RecordedResource {
  const provider = req.getProvider();
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent() || null,
    custom: req.getCustom(),
    inputs: toPlainJson(req.getObject()?.toJavaScript() ?? {}) as { [key: string]: Json },
    protect: req.getProtect() ?? false,
    retainOnDelete: req.getRetainondelete() ?? false,
    deleteBeforeReplace: req.getDeletebeforereplace(),
    ignoreChanges: [...req.getIgnorechangesList()].sort(),
    replaceOnChanges: [...req.getReplaceonchangesList()].sort(),
    additionalSecretOutputs: [...req.getAdditionalsecretoutputsList()].sort(),
    aliases: req.getAliasesList().length,
    dependsOn: [...new Set(req.getDependenciesList())].sort(),
    provider: provider ? provider.split("::").slice(0, -1).join("::") : null,
  };
}
