import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/engine';
import { startOpen62541, type Open62541 } from '../helpers/opcua-peer';
import { runCli } from '../helpers/processes';

// The CLI's OPC UA commands against open62541 (accepting every client certificate, so only our side decides trust).
let server: Open62541;
const home = tempDir('fieldbench-cli-opcua-');
beforeAll(async () => {
  server = await startOpen62541();
});
afterAll(async () => {
  await server?.stop();
  home.cleanup();
});

const cli = (args: string[]) => runCli([...args, '--home', home.dir], 60_000);

describe('fieldbench browse / read --opcua / certs against open62541', { timeout: 180_000 }, () => {
  it('browse --json prints one node per line with its parent, progress on stderr', async () => {
    const r = await cli(['browse', server.url, '--depth', '2', '--json']);
    expect(r.code).toBe(0);
    const nodes = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { nodeId: string; browseName: string; nodeClass: string; dataType: string | null; parent: string });
    expect(nodes.find((n) => n.nodeId === 'ns=1;s=the.answer')).toMatchObject({ browseName: '1:the answer', nodeClass: 'Variable', dataType: 'Int32', parent: 'i=85' });
    expect(nodes.find((n) => n.nodeId === 'i=2256')).toMatchObject({ parent: 'i=2253', dataType: 'ServerStatusDataType' });
    expect(new Set(nodes.map((n) => n.nodeId)).size).toBe(nodes.length);
    expect(r.stderr).toMatch(/level 1: \d+ nodes/);
    expect(r.stderr).toMatch(/level 2: \d+ nodes/);
  });

  it('read --opcua reads nodes through the engine; a Bad node makes the exit code 1', async () => {
    const ok = await cli(['read', '--opcua', server.url, '--node', 'ns=1;s=the.answer', '--node', 'i=2262', '--json']);
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trim().split('\n').map((l) => JSON.parse(l) as { nodeId: string; value: unknown; quality: { status: string } });
    expect(lines).toEqual([
      expect.objectContaining({ nodeId: 'ns=1;s=the.answer', value: 42, quality: { status: 'good' } }),
      expect.objectContaining({ nodeId: 'i=2262', value: 'http://open62541.org', quality: { status: 'good' } }),
    ]);
    const bad = await cli(['read', '--opcua', server.url, '--node', 'ns=1;s=no.such.node']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('BadNodeIdUnknown');
  });

  it('refuses an untrusted server with its thumbprint and the command to trust it; certs trust makes it work', async () => {
    const secure = ['read', '--opcua', server.url, '--node', 'ns=1;s=the.answer', '--mode', 'SignAndEncrypt', '--policy', 'Basic256Sha256'];
    const refused = await cli(secure);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(server.serverThumbprint);
    expect(refused.stderr).toContain(`fieldbench certs trust ${server.serverThumbprint}`);
    expect(refused.stderr).toContain(`--trust-server ${server.serverThumbprint}`);

    const once = await cli([...secure, '--trust-server', server.serverThumbprint]);
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/the\.answer\s+42\s+good/);

    const listed = await cli(['certs', 'list', '--json']);
    const entries = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { list: string; thumbprint: string });
    expect(entries.filter((e) => e.list === 'rejected').map((e) => e.thumbprint)).toEqual([server.serverThumbprint]);
    expect(entries.filter((e) => e.list === 'own')).toHaveLength(1);

    expect((await cli(['certs', 'trust', server.serverThumbprint])).code).toBe(0);
    const trusted = await cli(secure);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/the\.answer\s+42\s+good/);
    expect((await cli(['certs', 'reject', server.serverThumbprint])).code).toBe(0);
    expect((await cli(secure)).code).not.toBe(0);
  });

  it('logs in with --user and --password-file', async () => {
    const file = path.join(home.dir, 'password');
    writeFileSync(file, 'password\n');
    chmodSync(file, 0o600);
    const r = await cli(['read', '--opcua', server.url, '--node', 'ns=1;s=the.answer', '--user', 'user1', '--password-file', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning');
    writeFileSync(file, 'wrong\n');
    const wrong = await cli(['read', '--opcua', server.url, '--node', 'ns=1;s=the.answer', '--user', 'user1', '--password-file', file]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/as user "user1".*Bad(UserAccessDenied|IdentityTokenRejected)/);
  });
});
