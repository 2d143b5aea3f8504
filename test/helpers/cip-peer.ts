import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { EngineCore } from '../../src/engine/core';
import { PROJECT_FORMAT, PROJECT_VERSION, Project, type TagInput } from '../../src/shared/project/schema';
import { tempDir } from './engine';
import { freePort, sharedPeersDir } from './opcua-peer';
import { ROOT, startPeer, stopChild, type Peer } from './processes';

export interface AbServer {
  port: number;
  /** SIGKILL: gone at once (a controller that vanishes). */
  kill(): Promise<void>;
  /** Start it again on the same port with the same tags. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: a controller that stops answering without closing anything, then answers again. */
  signal(sig: 'SIGSTOP' | 'SIGCONT'): void;
  output(): string;
}

/** Resolve once something accepts TCP connections on 127.0.0.1:port (the probe is closed at once). */
function waitListening(port: number, child: ChildProcess, out: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`ab_server exited with ${child.exitCode}:\n${out()}`));
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > deadline) reject(new Error(`ab_server did not listen on ${port}:\n${out()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * libplctag's ab_server from ../shared/peers on 127.0.0.1 and a free port, with `tags` ("TestDINT:DINT[10]"). It
 * serves one client at a time: a test holds one connection to it.
 */
export async function startAbServer(tags: string[], opts: { plc?: 'ControlLogix' | 'Micro800'; path?: string } = {}): Promise<AbServer> {
  const bin = path.join(await sharedPeersDir(), 'bin', 'ab_server');
  const port = await freePort();
  const plc = opts.plc ?? 'ControlLogix';
  const args = [`--plc=${plc}`, ...(plc === 'Micro800' ? [] : [`--path=${opts.path ?? '1,0'}`]), '--host=127.0.0.1', `--port=${port}`, ...tags.map((t) => `--tag=${t}`)];
  let child: ChildProcess | null = null;
  let out = '';
  const launch = async () => {
    const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitListening(port, c, () => out);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await launch();
  const stop = async () => {
    if (!child) return;
    child.kill('SIGCONT');
    await stopChild(child);
  };
  return { port, kill, restart: launch, stop, signal: (sig) => void child?.kill(sig), output: () => out };
}

/** A project with one EtherNet/IP controller on 127.0.0.1:port and these tags in one map ("m"). */
export function cipProject(port: number, tags: TagInput[], routePath = '1,0'): Project {
  const now = new Date().toISOString();
  return Project.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: 'cip test',
    createdAt: now,
    modifiedAt: now,
    connections: [{ kind: 'cip', id: 'plc', name: 'plc', host: '127.0.0.1', port, routePath, timeoutMs: 2000 }],
    devices: [{ id: 'dev', name: 'controller', protocol: 'cip', connectionId: 'plc' }],
    tagMaps: [{ id: 'm', deviceId: 'dev', name: 'map', tags }],
  });
}

/** A cip tag of a map: `Tag`, `Tag[3]` or `Udt.Member`, read-write, at this scan class. */
export function cipTag(name: string, ref: string, scanClassMs = 100): TagInput {
  const m = /^([^[.]+)(?:\[(\d+)\])?(?:\.(.+))?$/.exec(ref)!;
  return {
    name,
    access: 'read-write',
    scanClassMs,
    source: { kind: 'cip', tagPath: m[1]!, ...(m[2] !== undefined ? { element: [Number(m[2])] } : {}), ...(m[3] ? { member: m[3] } : {}) },
  };
}

/** An engine core on a temporary data folder (the write audit goes there). */
export function cipCore(): { core: EngineCore; dataDir: string; dispose: () => Promise<void> } {
  const { dir, cleanup } = tempDir('fieldbench-cip-');
  const dataDir = path.join(dir, 'data');
  const core = new EngineCore({ writer: 'test', dataDir });
  return {
    core,
    dataDir,
    dispose: async () => {
      await core.close();
      cleanup();
    },
  };
}

/** `fieldbench sim cip --port 0` as a process; resolves once it prints its port. */
export function startCipSimCli(): Promise<Peer> {
  return startPeer(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), 'sim', 'cip', '--port', '0'], /listening on 127\.0\.0\.1:(\d+)/, 60_000);
}

/**
 * A rogue in front of a controller: requests pass through untouched; the CIP reply inside each connected
 * (SendUnitData) answer goes through `mangle` (n counts them from 0). The encapsulation is parsed and rebuilt here
 * from the spec (24-byte header, CPF items), not with Fieldbench's codec.
 */
export async function startCipRogue(targetPort: number, mangle: (reply: Buffer, n: number) => Buffer): Promise<{ port: number; close(): Promise<void> }> {
  let n = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    let buf = Buffer.alloc(0);
    client.on('data', (d: Buffer) => upstream.write(d));
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 24 && buf.length >= 24 + buf.readUInt16LE(2)) {
        const size = 24 + buf.readUInt16LE(2);
        const frame = buf.subarray(0, size);
        buf = buf.subarray(size);
        if (frame.readUInt16LE(0) !== 0x70) {
          client.write(frame);
          continue;
        }
        // SendUnitData: interface handle (4), timeout (2), item count, then items; the second item is the data.
        const addrLen = frame.readUInt16LE(24 + 6 + 2 + 2);
        const dataAt = 24 + 6 + 2 + 4 + addrLen;
        const seqAndReply = frame.subarray(dataAt + 4, dataAt + 4 + frame.readUInt16LE(dataAt + 2));
        const mangled = Buffer.concat([seqAndReply.subarray(0, 2), mangle(Buffer.from(seqAndReply.subarray(2)), n++)]);
        const head = Buffer.from(frame.subarray(0, dataAt + 4));
        head.writeUInt16LE(mangled.length, dataAt + 2);
        head.writeUInt16LE(head.length - 24 + mangled.length, 2);
        client.write(Buffer.concat([head, mangled]));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
