# The launcher web service (launcher/, started with `npm run launcher`), as the platform stack runs
# it (components/launcher.ts). Built and pushed by .github/workflows/launcher-image.yml; each stack
# pins the pushed digest in its `launcher.image` config (docs/launcher-deploy.md). What this file
# and the Deployment must agree on (user, port, paths, command) is lib/launcher-contract.ts, and
# test/dockerfile.test.ts holds this file to it.

# Node.js 22.23.2 on Debian bookworm, by the digest of its multi-platform index (upstream/node-image/:
# docker-library/repo-info, read 2026-12-01). Bump it there and here together.
ARG NODE_IMAGE=node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9
FROM ${NODE_IMAGE}

# git drives the registry clone; openssh-client for SSH remotes (git only recommends it);
# ca-certificates for HTTPS remotes (git uses the system store, not Node's); tini as PID 1, to pass
# signals on and reap the git and ssh processes the server leaves behind.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

# A numeric, non-root identity that exists in /etc/passwd (ssh refuses to run for a UID without an
# entry). In the pod, HOME and the state directory are emptyDir volumes over these directories;
# they exist here so that `docker run` works without them.
RUN groupadd --gid 10001 launcher \
 && useradd --uid 10001 --gid 10001 --home-dir /home/launcher --create-home --shell /usr/sbin/nologin launcher \
 && install -d -o 10001 -g 10001 /var/lib/launcher

WORKDIR /app

# Dependencies from the lock file alone, so this layer is rebuilt only when they change. Runtime
# dependencies only: tsx, which runs the TypeScript, is one. No install scripts: they would download
# Pulumi provider plugins the launcher never runs (esbuild finds its binary without its script).
COPY package.json package-lock.json ./
COPY policy/package.json ./policy/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# The program's sources the launcher imports (the test checks the import closure is here).
COPY tsconfig.json ./
COPY launcher ./launcher
COPY lib ./lib
COPY stacks ./stacks
COPY tools ./tools
COPY components ./components
COPY environment ./environment

# The root filesystem is read-only in the pod: HOME (npm's logs, ssh's known hosts) and the clone
# live on writable volumes there.
ENV NODE_ENV=production \
    HOME=/home/launcher \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

USER 10001:10001
EXPOSE 8080

# No HEALTHCHECK: Kubernetes probes /healthz and /readyz.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "run", "launcher", "--", "--repo", "/var/lib/launcher/repo", "--port", "8080"]
