import type { GatewayConfig } from '../../shared/gateway/config';
import { isLoopback } from '../../engine/broker/listen-host';
import { toYaml, type YamlValue } from './yaml';

/** The user the container runs as: not root, a fixed id so the secrets/ files can be given to it (chown 10001). */
export const CONTAINER_UID = 10001;
export const APP_DIR = '/app';

/**
 * The Dockerfile of a docker bundle: the bundle's own linux-x64 Node.js (runtime/node) on debian:12-slim, no package
 * installed, the gateway as a non-root user, the store a volume, secrets/ not in the image (compose mounts it
 * read-only), and a health check on the loopback health endpoint from inside the container.
 */
export function dockerfile(o: { name: string; healthPort: number; extraDirs: string[] }): string {
  const probe = `require('http').get('http://127.0.0.1:${o.healthPort}/health',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))`;
  return `# Fieldbench gateway (${o.name.replace(/[\r\n]/g, ' ')}): this folder as an image. Build and start with "docker compose up -d".
FROM debian:12-slim
RUN groupadd --system --gid ${CONTAINER_UID} fieldbench \\
 && useradd --system --uid ${CONTAINER_UID} --gid ${CONTAINER_UID} --home-dir ${APP_DIR} --no-create-home --shell /usr/sbin/nologin fieldbench
WORKDIR ${APP_DIR}
COPY runtime/ ${APP_DIR}/runtime/
COPY prebuilds/ ${APP_DIR}/prebuilds/
${o.extraDirs.map((d) => `COPY ${d}/ ${APP_DIR}/${d}/\n`).join('')}COPY gateway.json run ${APP_DIR}/
RUN mkdir -p ${APP_DIR}/store ${APP_DIR}/secrets && chown ${CONTAINER_UID}:${CONTAINER_UID} ${APP_DIR}/store
USER ${CONTAINER_UID}:${CONTAINER_UID}
VOLUME ["${APP_DIR}/store"]
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ${JSON.stringify([`${APP_DIR}/runtime/node/bin/node`, '-e', probe])}
ENTRYPOINT ["${APP_DIR}/run"]
`;
}

/** Ports to publish: only listeners the config opens to the network (a loopback one is unreachable from outside anyway). */
export function publishedPorts(c: GatewayConfig): string[] {
  const open: number[] = [];
  if (c.health.allowNetwork && !isLoopback(c.health.host)) open.push(c.health.port);
  if (c.opcuaServer?.allowNetwork && !isLoopback(c.opcuaServer.host)) open.push(c.opcuaServer.port);
  return open.map((p) => `${p}:${p}`);
}

/**
 * compose.yaml: the image built from this folder, restarted unless stopped, SIGTERM with time to publish NDEATH, the
 * store in a named volume, secrets/ mounted read-only, a read-only root file system, no capability, and no published
 * port unless the config opens a listener to the network.
 */
export function composeYaml(o: { config: GatewayConfig; project: string }): string {
  const ports = publishedPorts(o.config);
  const service: Record<string, YamlValue> = {
    build: '.',
    image: `fieldbench-gateway-${o.project}:latest`,
    restart: 'unless-stopped',
    user: `${CONTAINER_UID}:${CONTAINER_UID}`,
    stop_signal: 'SIGTERM',
    stop_grace_period: '30s',
    read_only: true,
    tmpfs: ['/tmp'],
    cap_drop: ['ALL'],
    security_opt: ['no-new-privileges:true'],
    volumes: ['store:/app/store', './secrets:/app/secrets:ro'],
    ...(ports.length ? { ports } : {}),
  };
  return `# Fieldbench gateway: docker compose up -d (build from this folder). secrets/ must be readable by uid ${CONTAINER_UID}.\n${toYaml({ services: { gateway: service }, volumes: { store: {} } })}`;
}

/** Kept out of the image: the secrets (mounted at run time), the store, the zip. */
export const DOCKERIGNORE = 'secrets\nstore\n*.zip\nMANIFEST.sha256\n';
