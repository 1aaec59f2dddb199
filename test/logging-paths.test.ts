/**
 * Every file path the logging values and configs refer to exists where the pinned charts and
 * images put things: checked against the charts' mount layout and the images' files vendored
 * under upstream/ (fluent-bit, opensearch-charts, logstash-chart), never against our own constants.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { describe, it } from "node:test";
import { collectorValues, type CollectorValues } from "../lib/logging/collector";
import { dashboardsValues } from "../lib/logging/dashboards";
import { logstashValues } from "../lib/logging/logstash-values";
import { openSearchValues } from "../lib/logging/opensearch";
import { STANDARD_LOGGING_REQUESTS } from "../lib/logging/resources";
import { logIndexTemplate, retentionPolicy } from "../lib/logging/retention";
import { RETENTION_SCRIPT, retentionConfigData, retentionJobManifest } from "../lib/logging/retention-job";
import { graceTolerations } from "../lib/grace";
import { ROOT } from "./paths";

const upstream = (...path: string[]) => readFileSync(join(ROOT, "upstream", ...path), "utf8");

/** Lines of a vendored excerpt without the `# [...]` elision markers. */
const excerptLines = (text: string) => text.split("\n").filter((l) => l.trim() !== "# [...]");

/** `- name: X` followed by `mountPath: Y` pairs in a template excerpt, by volume name. */
function templateMounts(text: string): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const m of text.matchAll(/- name: ([\w-]+)\n\s+mountPath: (\S+)/g)) mounts.set(m[1]!, m[2]!);
  return mounts;
}

/** Is `path` `dir` itself or inside it? */
const isUnder = (path: string, dir: string) => path === dir || path.startsWith(`${dir.replace(/\/$/, "")}/`);

// ---------------------------------------------------------------------------------------------
// Fluent Bit (chart 0.54.1, image 4.1.1)
// ---------------------------------------------------------------------------------------------

/** What the vendored chart excerpts say is mounted in the collector container, and what is in it. */
const chart = (() => {
  const podMounts = upstream("fluent-bit", "chart-pod-mounts.tpl");
  const mounts = templateMounts(podMounts);
  const volumes = upstream("fluent-bit", "chart-pod-volumes.tpl");
  const configFiles = [
    ...upstream("fluent-bit", "chart-configmap-data.tpl").matchAll(/^ {2}([\w.-]+): \|$/gm),
  ].map((m) => m[1]!);
  const args = [...upstream("fluent-bit", "chart-values.yaml").matchAll(/^ {2}- (--[\w-]+)=(\S+)$/gm)];
  return {
    configDir: mounts.get("config")!,
    scriptsDir: mounts.get("luascripts")!,
    /** Both are ConfigMap volumes: read-only for the container. */
    configMapVolumes: [...volumes.matchAll(/- name: ([\w-]+)\n\s+configMap:/g)].map((m) => m[1]!),
    configFiles,
    /** Relative paths in Fluent Bit's config resolve against its working directory. */
    workdir: args.find((a) => a[1] === "--workdir")![2]!,
    configArg: args.find((a) => a[1] === "--config")![2]!,
    appendsOurMounts: ["daemonSetVolumeMounts", "extraVolumeMounts"].every((key) =>
      podMounts.includes(`toYaml .Values.${key}`),
    ),
    luaScriptsAreKeys: /range \$key, \$value := \.Values\.luaScripts/.test(
      upstream("fluent-bit", "chart-configmap-luascripts-data.tpl"),
    ),
    valuesAreTemplated: /tpl \.Values\.config\.service/.test(
      upstream("fluent-bit", "chart-configmap-data.tpl"),
    ),
  };
})();

/** The files the image ships in its config directory, from the vendored Dockerfile. */
const imageFiles = (() => {
  const dockerfile = excerptLines(upstream("fluent-bit", "image-Dockerfile")).join("\n");
  const copy = /COPY ((?:conf\/[\w.-]+ \\\n\s*)+)(\/[\w/-]+\/)\n/.exec(dockerfile)!;
  const dir = copy[2]!.replace(/\/$/, "");
  const copied = [...copy[1]!.matchAll(/conf\/([\w.-]+)/g)].map((m) => `${dir}/${m[1]!}`);
  const generated = [...dockerfile.matchAll(/> (\/[\w/.-]+)\n/g)].map((m) => m[1]!);
  return { dir, files: [...copied, ...generated] };
})();

/** Keys whose value Fluent Bit reads as a file or directory path. */
const PATH_KEYS = new Set([
  "parsers_file",
  "path",
  "exclude_path",
  "db",
  "storage.path",
  "script",
  "plugins_file",
]);
/** Of those, the ones Fluent Bit writes to. */
const WRITTEN_KEYS = new Set(["db", "storage.path"]);

interface ConfigPath {
  readonly section: string;
  readonly key: string;
  readonly path: string;
}

/** Every path in a Fluent Bit classic-mode config: `@INCLUDE`s and the path-valued keys of every section. */
function configPaths(text: string, workdir: string): ConfigPath[] {
  const out: ConfigPath[] = [];
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[([A-Z_]+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const [key, ...rest] = line.split(/\s+/);
    const value = rest.join(" ");
    if (key!.toLowerCase() === "@include" || PATH_KEYS.has(key!.toLowerCase())) {
      out.push({ section, key: key!, path: posix.resolve(workdir, value) });
    } else {
      assert.ok(
        !value.startsWith("/"),
        `[${section}] ${key} ${value}: a path under a key this test does not know`,
      );
    }
  }
  return out;
}

/** The directory a path (which may end in a `*` glob or a `/`) lies in. */
const directoryOf = (path: string) => (/[*?]/.test(posix.basename(path)) ? posix.dirname(path) : path);

/** Why `p` is reachable in the collector container, or a failure message. */
function whereCollectorFinds(p: ConfigPath, values: CollectorValues): string {
  const written = WRITTEN_KEYS.has(p.key.toLowerCase());
  const ours = [...values.daemonSetVolumeMounts, ...values.extraVolumeMounts].find((m) =>
    isUnder(directoryOf(p.path), m.mountPath),
  );
  if (ours) {
    assert.ok(chart.appendsOurMounts, "the chart no longer appends daemonSetVolumeMounts/extraVolumeMounts");
    if (written) {
      assert.ok(
        !("readOnly" in ours && ours.readOnly),
        `${p.key} ${p.path} is written but ${ours.name} is read-only`,
      );
      assert.ok(
        values.extraVolumes.some((v) => v.name === ours.name && "emptyDir" in v),
        `${p.key} ${p.path} is written but ${ours.name} is not an emptyDir`,
      );
    }
    return `our volume ${ours.name}`;
  }
  assert.ok(!written, `${p.key} ${p.path} is written, but only volumes our values add are writable`);
  if (posix.dirname(p.path) === chart.configDir) {
    assert.ok(chart.configMapVolumes.includes("config"));
    assert.ok(
      chart.configFiles.includes(posix.basename(p.path)),
      `${p.path}: the chart's config ConfigMap holds only ${chart.configFiles.join(", ")}`,
    );
    return "the chart's config ConfigMap";
  }
  if (posix.dirname(p.path) === chart.scriptsDir) {
    assert.ok(chart.luaScriptsAreKeys && chart.configMapVolumes.includes("luascripts"));
    assert.ok(
      Object.keys(values.luaScripts).includes(posix.basename(p.path)),
      `${p.path}: luaScripts has only ${Object.keys(values.luaScripts).join(", ")}`,
    );
    return "the chart's luascripts ConfigMap";
  }
  assert.ok(
    imageFiles.files.includes(p.path),
    `[${p.section}] ${p.key} ${p.path} is in no mount of the chart or our values, and not a file the image ships`,
  );
  return "the image";
}

describe("Fluent Bit's paths against chart 0.54.1's mounts and the 4.1.1 image", () => {
  const outputs = [
    { kind: "opensearch", host: "opensearch-cluster-master.logging.svc", port: 9200 },
    { kind: "kafka", brokers: "logs-kafka-bootstrap.logging.svc:9092", topic: "logs" },
  ] as const;
  const valuesFor = (output: (typeof outputs)[number]) =>
    collectorValues({
      output,
      requests: STANDARD_LOGGING_REQUESTS.collector,
      tolerations: graceTolerations(240),
      labels: {},
      credentialsSecret: "opensearch-admin",
    });

  it("reads the vendored layout: config at /fluent-bit/etc/conf, scripts at /fluent-bit/scripts, parsers.conf in the image", () => {
    // Literal figures from upstream/fluent-bit: if the parsing above breaks, this says so first.
    assert.equal(chart.configDir, "/fluent-bit/etc/conf");
    assert.equal(chart.scriptsDir, "/fluent-bit/scripts");
    assert.deepEqual(chart.configFiles, ["custom_parsers.conf", "fluent-bit.conf"]);
    assert.equal(chart.workdir, "/fluent-bit/etc");
    assert.ok(imageFiles.files.includes("/fluent-bit/etc/parsers.conf"));
    assert.ok(!imageFiles.files.includes("/fluent-bit/etc/custom_parsers.conf"));
  });

  for (const output of outputs) {
    it(`puts every file of the ${output.kind} config where the chart, our volumes or the image provide it`, () => {
      const values = valuesFor(output);
      const config = [
        values.config.service,
        values.config.inputs,
        values.config.filters,
        values.config.outputs,
      ].join("\n");
      const paths = configPaths(config, chart.workdir);
      const found = paths.map((p) => `${p.key} ${p.path} <- ${whereCollectorFinds(p, values)}`);
      // Every kind of path the config uses is covered, so a new one cannot slip past unchecked.
      assert.deepEqual([...new Set(paths.map((p) => p.key.toLowerCase()))].sort(), [
        "db",
        "exclude_path",
        "parsers_file",
        "path",
        "script",
        "storage.path",
      ]);
      assert.ok(
        found.includes(
          "Parsers_File /fluent-bit/etc/conf/custom_parsers.conf <- the chart's config ConfigMap",
        ),
        found.join("\n"),
      );
      assert.ok(found.includes("Parsers_File /fluent-bit/etc/parsers.conf <- the image"), found.join("\n"));
    });
  }

  it("refuses a path that is in no mount: the old /fluent-bit/etc/custom_parsers.conf", () => {
    const values = valuesFor(outputs[0]);
    assert.throws(
      () =>
        whereCollectorFinds(
          { section: "SERVICE", key: "Parsers_File", path: "/fluent-bit/etc/custom_parsers.conf" },
          values,
        ),
      /in no mount of the chart or our values, and not a file the image ships/,
    );
    assert.throws(
      () =>
        whereCollectorFinds({ section: "INPUT", key: "DB", path: "/fluent-bit/etc/conf/tail.db" }, values),
      /is written, but only volumes our values add are writable/,
    );
  });

  it("leaves the chart's command and --config in charge, and writes nothing Helm's tpl would expand", () => {
    const values = valuesFor(outputs[0]) as unknown as Record<string, unknown>;
    assert.ok(!("args" in values) && !("command" in values) && !("existingConfigMap" in values));
    assert.equal(chart.configArg, `${chart.configDir}/fluent-bit.conf`);
    assert.ok(chart.valuesAreTemplated);
    const text = JSON.stringify([values.config, values.luaScripts]);
    assert.ok(!text.includes("{{"), "the chart passes config and scripts through tpl; {{ would be templated");
  });
});

// ---------------------------------------------------------------------------------------------
// OpenSearch, Dashboards, Logstash (charts 3.6.0, 3.6.0, 8.5.1) and our retention Job
// ---------------------------------------------------------------------------------------------

const placement = { nodeSelector: { "game-infra/pool": "system" }, tolerations: graceTolerations(240) };

describe("the other logging charts' paths", () => {
  it("points OpenSearch's security config at the directory chart 3.6.0 mounts internal_users.yml into", () => {
    const vendoredValues = upstream("opensearch-charts", "opensearch-values.yaml");
    const home = /^opensearchHome: (\S+)$/m.exec(vendoredValues)![1]!;
    const defaultPath = /^ {2}path: "([^"]+)"$/m.exec(vendoredValues)![1]!;
    const mount =
      /- mountPath: \{\{ \.Values\.securityConfig\.path \}\}\/(\S+)\n\s+name: internal-users-config/.exec(
        upstream("opensearch-charts", "opensearch-statefulset-mounts.tpl"),
      )!;
    const values = openSearchValues({
      nodes: 1,
      storageGiB: 20,
      storageClass: "gp3",
      requests: STANDARD_LOGGING_REQUESTS.openSearch,
      placement,
      labels: {},
      adminSecret: "opensearch-admin",
      internalUsersSecret: "opensearch-internal-users",
    }) as unknown as { securityConfig: { path: string; internalUsersSecret: string } } & Record<
      string,
      unknown
    >;
    assert.equal(mount[1], "internal_users.yml");
    assert.equal(values.securityConfig.path, defaultPath);
    assert.ok(isUnder(values.securityConfig.path, `${home}/config`));
    assert.ok(values.securityConfig.internalUsersSecret, "without the Secret the chart mounts nothing there");
    assert.ok(!("opensearchHome" in values), "the home is the chart's default");
  });

  it("mounts Dashboards' writable directories inside the home chart 3.6.0 mounts its config into, or at /tmp", () => {
    const configDir = /mountPath: (\/\S+)\/\{\{ \$path \}\}/.exec(
      upstream("opensearch-charts", "opensearch-dashboards-deployment-mounts.tpl"),
    )![1]!;
    const home = dirname(configDir);
    assert.equal(home, "/usr/share/opensearch-dashboards");
    const values = dashboardsValues({
      namespace: "logging",
      replicas: 1,
      requests: STANDARD_LOGGING_REQUESTS.dashboards,
      placement,
      labels: {},
      credentialsSecret: "opensearch-dashboards-credentials",
    });
    for (const m of values.extraVolumeMounts) {
      assert.ok(
        m.mountPath === "/tmp" || (isUnder(m.mountPath, home) && !isUnder(m.mountPath, configDir)),
        m.mountPath,
      );
      assert.ok(
        values.extraVolumes.some((v) => v.name === m.name && "emptyDir" in v),
        m.name,
      );
    }
    assert.deepEqual(
      values.extraVolumeMounts.map((m) => m.mountPath).sort(),
      [`${home}/data`, "/tmp"].sort(),
    );
    assert.deepEqual(Object.keys(values.config), ["opensearch_dashboards.yml"]);
  });

  it("gives Logstash an emptyDir exactly where chart 8.5.1 would mount its data volume, and no clash with its config mounts", () => {
    const mounts = upstream("logstash-chart", "statefulset-mounts.tpl");
    const dataDir = /persistence\.enabled \}\}\n\s+- name: .+\n\s+mountPath: (\S+)/.exec(mounts)![1]!;
    const configDirs = [...mounts.matchAll(/mountPath: (\/\S+)\/\{\{ \$path \}\}/g)].map((m) => m[1]!);
    assert.equal(dataDir, "/usr/share/logstash/data");
    assert.deepEqual(configDirs, ["/usr/share/logstash/config", "/usr/share/logstash/pipeline"]);
    const values = logstashValues({
      replicas: 1,
      requests: STANDARD_LOGGING_REQUESTS.logstash,
      placement,
      labels: {},
      pipeline: {
        kafkaBootstrap: "logs-kafka-bootstrap.logging.svc:9092",
        topic: "logs",
        openSearchUrl: "https://opensearch-cluster-master.logging.svc:9200",
        consumerThreads: 1,
      },
      credentialsSecret: "opensearch-admin",
    });
    assert.equal(values.persistence.enabled, false);
    assert.ok(values.extraVolumeMounts.some((m) => m.mountPath === dataDir));
    for (const m of values.extraVolumeMounts) {
      assert.ok(!configDirs.some((d) => isUnder(m.mountPath, d) || isUnder(d, m.mountPath)), m.mountPath);
    }
  });

  it("has the retention Job read only files its ConfigMap holds and write only under its emptyDir", () => {
    const data = retentionConfigData(retentionPolicy(3), logIndexTemplate(1));
    const job = retentionJobManifest({
      namespace: "logging",
      configMapName: "retention",
      configHash: "0",
      openSearchUrl: "https://opensearch-cluster-master.logging.svc:9200",
      credentialsSecret: "opensearch-admin",
      placement,
      labels: {},
    }) as unknown as {
      spec: {
        template: {
          spec: {
            containers: Array<{
              command: string[];
              volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
            }>;
            volumes: Array<{ name: string; configMap?: unknown; emptyDir?: unknown }>;
          };
        };
      };
    };
    const pod = job.spec.template.spec;
    const container = pod.containers[0]!;
    const mountOf = (path: string) => container.volumeMounts.find((m) => isUnder(path, m.mountPath));
    const volumeOf = (name: string) => pod.volumes.find((v) => v.name === name)!;
    const script = container.command.at(-1)!;
    const read = [...RETENTION_SCRIPT.matchAll(/@(\/[\w/.-]+)/g)].map((m) => m[1]!);
    const written = [...RETENTION_SCRIPT.matchAll(/--output (\/[\w/.-]+)/g)]
      .map((m) => m[1]!)
      .filter((path) => path !== "/dev/null");
    assert.ok(read.length >= 2 && written.length >= 1);
    for (const path of [script, ...read]) {
      const mount = mountOf(path);
      assert.ok(mount && volumeOf(mount.name).configMap, `${path} is not on the ConfigMap volume`);
      assert.ok(
        Object.keys(data).includes(posix.relative(mount.mountPath, path)),
        `${path} is not a key of the ConfigMap`,
      );
    }
    for (const path of written) {
      const mount = mountOf(path);
      assert.ok(
        mount && !mount.readOnly && volumeOf(mount.name).emptyDir,
        `${path} is not on a writable emptyDir`,
      );
    }
  });
});
