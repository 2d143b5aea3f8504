import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { EngineCore } from '../../src/engine/core';
import { FileSecretStore, type SecretStore } from '../../src/engine/opcua/secrets';
import { OpcUaSession } from '../../src/engine/opcua/session';
import type { Project } from '../../src/shared/project/schema';
import type { TagReading } from '../../src/shared/schemas/tags';
import { tempDir } from './engine';
import { ROOT, startPeer, stopChild, type Peer } from './processes';

/** ../shared/peers, found as test/peers-check.mjs finds it (beside the checkout, or beside the main worktree). */
export async function sharedPeersDir(): Promise<string> {
  const checker = path.join(ROOT, 'test', 'peers-check.mjs');
  const { findShared } = (await import(checker)) as { findShared: (root?: string) => { dir: string | null; tried: string[] } };
  const found = findShared(ROOT);
  if (!found.dir) throw new Error(`../shared/peers not found (tried ${found.tried.join(', ')}); set FIELDBENCH_SHARED`);
  return path.join(found.dir, 'peers');
}

/** A TCP port free on 127.0.0.1 right now (the open62541 server takes no port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Open62541 {
  url: string;
  port: number;
  /** The temporary folder: pki/ (the server's certificate and key) and trust/ (its trust list, with trustList). */
  dir: string;
  trustDir: string;
  /** SHA-1 of the server certificate's DER, computed here from the file. */
  serverThumbprint: string;
  output(): string;
  /** SIGKILL: gone at once, no shutdown announced (a server that vanishes). */
  kill(): Promise<void>;
  /** Start it again on the same port, with the same certificate and trust list. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The open62541 server_ctt from ../shared/peers on 127.0.0.1 and a free port, its pki/ copied to a temporary folder.
 * With `trustList`, secure channels need the client certificate in trust/; without it the server accepts all.
 */
export async function startOpen62541(opts: { trustList?: boolean } = {}): Promise<Open62541> {
  const peers = await sharedPeersDir();
  const { dir, cleanup } = tempDir('fieldbench-open62541-');
  cpSync(path.join(peers, 'pki'), path.join(dir, 'pki'), { recursive: true });
  const trustDir = path.join(dir, 'trust');
  mkdirSync(trustDir);
  const cert = path.join(dir, 'pki', 'server_cert.der');
  const serverThumbprint = createHash('sha1').update(readFileSync(cert)).digest('hex');
  const bin = path.join(peers, 'bin', 'opcua-server');
  let port = 0;
  let peer: Peer | null = null;
  const launch = async () => {
    const args = [cert, path.join(dir, 'pki', 'server_key.der'), '--port', String(port), '--host', '127.0.0.1', '--enableUnencrypted', '--enableAnonymous'];
    args.push(...(opts.trustList ? ['--trustlistFolder', trustDir] : ['--acceptAllCertificates']));
    peer = await startPeer(bin, args, /TCP network layer listening on opc\.tcp:\/\/127\.0\.0\.1:(\d+)/);
  };
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      if (attempt >= 2) throw err;
    }
  }
  const kill = async () => {
    const child = peer?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };
  return {
    url: `opc.tcp://127.0.0.1:${port}`,
    port,
    dir,
    trustDir,
    serverThumbprint,
    output: () => peer?.output() ?? '',
    kill,
    restart: launch,
    stop: async () => {
      await kill();
      if (peer) await stopChild(peer.child);
      cleanup();
    },
  };
}

/** The CLI's demo server (`fieldbench sim opcua`) on a free port, with the user and password it printed. */
export async function startDemoOpcUa(home: string): Promise<Peer & { url: string; user: string; password: string }> {
  const peer = await startPeer(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'sim', 'opcua', '--port', '0', '--home', home],
    /OPC UA demo server listening on opc\.tcp:\/\/127\.0\.0\.1:(\d+)[\s\S]*user "([^"]+)" password "([^"]+)"/,
    60_000,
  );
  const m = /user "([^"]+)" password "([^"]+)"/.exec(peer.output())!;
  return { ...peer, url: `opc.tcp://127.0.0.1:${peer.port}`, user: m[1]!, password: m[2]! };
}

/** An engine core on a temporary data folder, with the OPC UA environment (PKI, password file) in it. */
export function opcuaCore(opts: { trustServer?: string; secrets?: SecretStore } = {}): { core: EngineCore; dataDir: string; secrets: SecretStore; dispose: () => Promise<void> } {
  const { dir, cleanup } = tempDir('fieldbench-opcua-');
  const dataDir = path.join(dir, 'data');
  const secrets = opts.secrets ?? new FileSecretStore(dataDir);
  const core = new EngineCore({ writer: 'test', dataDir, opcua: { secrets, ...(opts.trustServer ? { trustServer: opts.trustServer } : {}) } });
  return {
    core,
    dataDir,
    secrets,
    dispose: async () => {
      await core.close();
      await OpcUaSession.closeAll();
      cleanup();
    },
  };
}

/** Resolve with the first reading (of any tag) that `match` accepts; reject after `ms` saying what was seen. */
export function nextReading(core: EngineCore, match: (r: TagReading) => boolean, ms = 20_000): Promise<TagReading> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const off = core.onReading((r) => {
      seen.push(`${r.name}=${JSON.stringify(r.value)} ${r.quality.status}${r.quality.reason ? ` (${r.quality.reason})` : ''}`);
      if (!match(r)) return;
      clearTimeout(t);
      off();
      resolve(r);
    });
    const t = setTimeout(() => {
      off();
      reject(new Error(`no matching reading in ${ms} ms; saw ${seen.slice(-10).join('; ') || 'nothing'}`));
    }, ms);
  });
}

export type { Project };
