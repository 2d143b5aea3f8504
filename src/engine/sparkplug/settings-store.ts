import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BridgeSettings, EdgeSettings, type SparkplugSettings } from '../../shared/contract/sparkplug';
import type { Project } from '../../shared/project/schema';

type Secret = 'edge' | 'bridge';

/**
 * The app's edge node and bridge settings, kept in <data>/sparkplug/settings.json on this computer rather than in the
 * project: the broker to publish to, the upstream's address, certificate paths and login are the site's, and a project
 * file travels (mailed, committed, opened on another laptop) where a login must not. Passwords are in their own files
 * (mode 0600) beside it and never in settings.json or a status.
 */
export class SparkplugSettingsStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'sparkplug');
  }

  private get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  passwordFile(which: Secret): string {
    return path.join(this.dir, `${which}-password`);
  }

  /** What was last used, or defaults: the project's gateway group and node ids, the embedded broker. */
  load(project: Project): SparkplugSettings {
    let raw: { edge?: unknown; bridge?: unknown } = {};
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8')) as typeof raw;
    } catch {
      /* nothing kept yet */
    }
    const edge = EdgeSettings.safeParse(raw.edge);
    const fallback = EdgeSettings.safeParse({ group: project.gateway.groupId, node: project.gateway.edgeNodeId });
    const bridge = BridgeSettings.safeParse(raw.bridge);
    return {
      edge: edge.success ? edge.data : fallback.success ? fallback.data : EdgeSettings.parse({ group: 'Fieldbench', node: 'edge-1' }),
      bridge: bridge.success ? bridge.data : null,
      edgePassword: this.password('edge') !== undefined,
      bridgePassword: this.password('bridge') !== undefined,
    };
  }

  save(project: Project, patch: { edge?: EdgeSettings; bridge?: BridgeSettings }): void {
    const now = this.load(project);
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.file, `${JSON.stringify({ edge: patch.edge ?? now.edge, bridge: patch.bridge ?? now.bridge }, null, 2)}\n`);
  }

  /** Keep a password (mode 0600); an empty one forgets it; undefined leaves what is kept. */
  setPassword(which: Secret, password: string | undefined): void {
    if (password === undefined) return;
    const file = this.passwordFile(which);
    if (password === '') return rmSync(file, { force: true });
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }

  password(which: Secret): string | undefined {
    try {
      return readFileSync(this.passwordFile(which), 'utf8').replace(/\r?\n$/, '');
    } catch {
      return undefined;
    }
  }
}
