import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inWorkspace, readWorkspacePem } from '../../src/engine/project/workspace-file';
import { tempDir } from '../helpers/engine';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** Files the page names (a bridge's CA, client certificate and key; the deploy CA) come from the workspace folder only. */
describe('workspace files', () => {
  const tmp = tempDir('fieldbench-wsfile-');
  const ws = path.join(tmp.dir, 'projects');
  mkdirSync(ws);
  writeFileSync(path.join(ws, 'ca.pem'), PEM);
  writeFileSync(path.join(ws, 'notes.txt'), 'not a certificate');
  writeFileSync(path.join(tmp.dir, 'outside.pem'), PEM);
  writeFileSync(path.join(ws, 'big.pem'), `${PEM}${'x'.repeat(300 * 1024)}`);
  afterAll(() => tmp.cleanup());

  it('reads a PEM file named in the workspace folder', () => {
    expect(readWorkspacePem(ws, 'ca.pem', 'CA file')).toBe(PEM);
  });

  it('refuses a path that leaves the folder, absolute or relative, naming the file', () => {
    expect(() => readWorkspacePem(ws, '../outside.pem', 'CA file')).toThrow(/"..\/outside.pem" is not a file name in the workspace folder/);
    expect(() => readWorkspacePem(ws, path.join(tmp.dir, 'outside.pem'), 'CA file')).toThrow(/is not a file name in the workspace folder/);
    expect(() => inWorkspace(ws, 'sub/ca.pem')).toThrow(/is not a file name in the workspace folder/);
    expect(() => readWorkspacePem(ws, '/etc/passwd', 'client key')).toThrow(/is not a file name in the workspace folder/);
  });

  it('refuses a file that holds no PEM, one too large to be one, and one that is not there', () => {
    expect(() => readWorkspacePem(ws, 'notes.txt', 'client certificate')).toThrow('client certificate "notes.txt" holds no PEM block');
    expect(() => readWorkspacePem(ws, 'big.pem', 'CA file')).toThrow(/CA file "big.pem" in the workspace folder: larger than 256 KB/);
    expect(() => readWorkspacePem(ws, 'missing.pem', 'CA file')).toThrow(/CA file "missing.pem" in the workspace folder: ENOENT/);
  });
});
