/** The text files of a gateway bundle: the run script, the systemd unit and the technician's README. */

export const BUNDLE_TARGETS = ['linux-x64', 'linux-arm64'] as const;
export type BundleTarget = (typeof BUNDLE_TARGETS)[number];

/** `run`: starts the gateway with the Node.js shipped in node/ when there is one, else the one on PATH (>= 20). */
export function runScript(): string {
  return `#!/bin/sh
# Fieldbench gateway: starts the bundled runtime on this folder's gateway.json. Stop with Ctrl+C or SIGTERM.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
NODE="$HERE/node/bin/node"
[ -x "$NODE" ] || NODE=$(command -v node || true)
if [ -z "$NODE" ]; then echo "fieldbench gateway: no Node.js found (node/bin/node in this folder, or node >= 20 on PATH)" >&2; exit 1; fi
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

export function readme(o: { name: string; target: BundleTarget; installDir: string; unitName: string; broker: string; group: string; node: string; healthPort: number; secrets: string[] }): string {
  return `Fieldbench gateway: ${o.name}
Target: ${o.target}. Sparkplug B ${o.group}/${o.node} to ${o.broker}.

Install (as root):
  1. Copy this folder to ${o.installDir} (keep the file modes: secrets/ is readable by its owner only).
  2. Check it:   sha256sum -c MANIFEST.sha256
  3. Try it:     ${o.installDir}/run          (Ctrl+C stops it: NDEATH is published)
  4. Service:    cp ${o.unitName} /etc/systemd/system/ && systemctl enable --now ${o.unitName}
  5. Health:     curl http://127.0.0.1:${o.healthPort}/health   (from this device only)

Logs are JSON lines on stdout (journalctl -u ${o.unitName}). Readings taken while the broker is away are kept in
store/ and sent when it is back. gateway.json says what is polled and where it goes; it holds no password.
Secrets (generated for this gateway, never in logs or the project): ${o.secrets.length ? o.secrets.join(', ') : 'none'}.
Node.js: node/bin/node in this folder if shipped, else Node.js >= 20 on PATH.
`;
}
