/** The text files of a gateway bundle: the run script, the systemd unit and the technician's README. */

export const BUNDLE_TARGETS = ['linux-x64', 'linux-arm64', 'docker', 'windows-x64'] as const;
export type BundleTarget = (typeof BUNDLE_TARGETS)[number];

/** The Node.js build a target carries (the npm package node-<platform>): docker is linux-x64. */
export const platformOf = (t: BundleTarget): 'linux-x64' | 'linux-arm64' | 'win-x64' => (t === 'docker' ? 'linux-x64' : t === 'windows-x64' ? 'win-x64' : t);

/** serialport's prebuilds folder for a target (node_modules/@serialport/bindings-cpp/prebuilds/<this>). */
export const prebuildsOf = (t: BundleTarget): string => (t === 'windows-x64' ? 'win32-x64' : platformOf(t));

/** `run.cmd`: the Windows run script, with the Node.js in runtime\node\bin\node.exe, else the one on PATH (said). */
export function runCmd(): string {
  return [
    '@echo off',
    'rem Fieldbench gateway: starts the bundled runtime on this folder\'s gateway.json. Stop with Ctrl+C.',
    'setlocal',
    'set "HERE=%~dp0"',
    'set "NODE=%HERE%runtime\\node\\bin\\node.exe"',
    'if exist "%NODE%" goto run',
    'set "NODE="',
    'for /f "delims=" %%i in (\'where node 2^>nul\') do if not defined NODE set "NODE=%%i"',
    'if not defined NODE (',
    '  echo fieldbench gateway: this bundle carries no Node.js ^(runtime\\node\\bin\\node.exe^) and there is no node on PATH: install Node.js 20 or later 1>&2',
    '  exit /b 1',
    ')',
    'echo fieldbench gateway: this bundle carries no Node.js ^(runtime\\node\\bin\\node.exe^); using %NODE% 1>&2',
    ':run',
    'cd /d "%HERE%"',
    '"%NODE%" "%HERE%runtime\\gateway.js" --config "%HERE%gateway.json" %*',
    '',
  ].join('\r\n');
}

/**
 * `run`: starts the gateway with the Node.js shipped in runtime/node/ when there is one; else, saying so on stderr, the
 * one on PATH (>= 20).
 */
export function runScript(): string {
  return `#!/bin/sh
# Fieldbench gateway: starts the bundled runtime on this folder's gateway.json. Stop with Ctrl+C or SIGTERM.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
NODE="$HERE/runtime/node/bin/node"
if [ ! -x "$NODE" ]; then
  NODE=$(command -v node || true)
  if [ -z "$NODE" ]; then echo "fieldbench gateway: this bundle carries no Node.js (runtime/node/bin/node; exported with --no-node-runtime) and there is no node on PATH: install Node.js >= 20" >&2; exit 1; fi
  echo "fieldbench gateway: this bundle carries no Node.js (runtime/node/bin/node); using $NODE ($("$NODE" --version))" >&2
fi
cd "$HERE"
exec "$NODE" "$HERE/runtime/gateway.js" --config "$HERE/gateway.json" "$@"
`;
}

/** The systemd unit: restarts on failure, SIGTERM to stop (NDEATH), writes only to the store folder. */
export function systemdUnit(name: string, installDir: string): string {
  return `[Unit]
Description=Fieldbench gateway (${name.replace(/[\r\n%]/g, ' ')})
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
WorkingDirectory=${installDir}
ExecStart=${installDir}/run
Restart=always
RestartSec=5
KillSignal=SIGTERM
TimeoutStopSec=30
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
ReadWritePaths=${installDir}/store

[Install]
WantedBy=multi-user.target
`;
}

type ReadmeInput = { name: string; target: BundleTarget; node: 'bundled' | 'path'; installDir: string; unitName: string; broker: string; group: string; sparkplugNode: string; healthPort: number; secrets: string[] };

const systemdInstall = (o: ReadmeInput) => `Install (as root):
  1. Copy this folder to ${o.installDir} (keep the file modes: secrets/ is readable by its owner only).
  2. Check it:   sha256sum -c MANIFEST.sha256
  3. Try it:     ${o.installDir}/run          (Ctrl+C stops it: NDEATH is published)
  4. Service:    cp ${o.unitName} /etc/systemd/system/ && systemctl enable --now ${o.unitName}
  5. Health:     curl http://127.0.0.1:${o.healthPort}/health   (from this device only)

Logs are JSON lines on stdout (journalctl -u ${o.unitName}).`;

const dockerInstall = (o: ReadmeInput) => `Install (Docker with the compose plugin, on a linux-x64 host):
  1. Copy this folder to the host and check it:   sha256sum -c MANIFEST.sha256
  2. Give the secrets to the container's user:    sudo chown -R 10001:10001 secrets
  3. Build and start:                             docker compose up -d --build
  4. Health: docker compose ps shows it (the image checks http://127.0.0.1:${o.healthPort}/health inside the container).

The image is debian:12-slim with this folder's own Node.js; the gateway runs as uid 10001 on a read-only root file
system; secrets/ is mounted read-only, never built into the image; store/ is a named volume. No port is published
unless gateway.json opens a listener to the network; the embedded broker is reachable inside the container only, so
give an upstream broker (--broker) for Docker. Logs: docker compose logs -f.`;

const windowsInstall = (o: ReadmeInput) => `Install (Windows x64):
  1. Copy this folder to the PC (for example C:\\fieldbench-gateway); keep secrets\\ readable by the account that runs it only.
  2. Try it:     run.cmd          (Ctrl+C stops it: NDEATH is published)
  3. At boot:    a Task Scheduler task "At startup" running run.cmd (no Windows service wrapper is included).
  4. Health:     curl http://127.0.0.1:${o.healthPort}/health   (from this PC only)

Logs are JSON lines on stdout. The integrity list MANIFEST.sha256 is in sha256sum's format (check it with
Get-FileHash, or sha256sum from Git for Windows).`;

export function readme(o: ReadmeInput): string {
  return `Fieldbench gateway: ${o.name}
Target: ${o.target}. Sparkplug B ${o.group}/${o.sparkplugNode} to ${o.broker}.

${o.target === 'docker' ? dockerInstall(o) : o.target === 'windows-x64' ? windowsInstall(o) : systemdInstall(o)} Readings taken while the broker is away are kept in
store/ and sent when it is back. gateway.json says what is polled and where it goes; it holds no password.
Secrets (generated for this gateway, never in logs or the project): ${o.secrets.length ? o.secrets.join(', ') : 'none'}.
MANIFEST.sha256 lists every file but the secret ones (passwords, the private key): keep their 0600 modes.
Certificates: the gateway has its own CA (secrets/ca.pem, with its revocation list secrets/ca-crl.pem) and a
certificate it signed (secrets/gateway-cert.pem). An OPC UA or TLS client of this gateway trusts ca.pem and takes
ca-crl.pem as its CRL; the CA's private key was not kept, so a new certificate means a new export.
${o.node === 'bundled' ? 'Node.js: runtime/node/bin/node in this folder (nothing to install).' : 'Node.js: not in this bundle (exported with --no-node-runtime): install Node.js >= 20 on this device.'}
`;
}
