#!/usr/bin/env node
// Checks that every peer the tests talk to can start on this machine, before any test does, and names the Debian
// package to install for each one that cannot. `.ci/run` runs it after installing; `npm test` runs it first.
// Exit 0 when all peers are usable, 1 otherwise. FIELDBENCH_SHARED overrides where ../shared is looked for.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** test/helpers/processes.ts starts pymodbus with this interpreter: Debian installs python3-pymodbus for it. */
const SYSTEM_PYTHON = '/usr/bin/python3';
/** test/e2e/playwright.config.ts launches this one. */
const CHROMIUM = '/usr/bin/chromium';

/** Shared libraries of the peer binaries and the Debian 12 packages that hold them. */
const LIB_PACKAGES = { 'libmbedcrypto.so.7': 'libmbedcrypto7', 'libmbedx509.so.1': 'libmbedx509-1', 'libmbedtls.so.14': 'libmbedtls14' };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return { missing: r.error?.code === 'ENOENT', status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error && r.error.code !== 'ENOENT' ? r.error.message : ''}` };
}

/**
 * ../shared beside the repository (how CI lays it out), or beside the main checkout when this is a git worktree.
 */
export function findShared(root = ROOT) {
  const candidates = [];
  if (process.env.FIELDBENCH_SHARED) candidates.push(path.resolve(process.env.FIELDBENCH_SHARED));
  candidates.push(path.join(path.dirname(root), 'shared'));
  const common = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root, encoding: 'utf8' });
  if (common.status === 0) candidates.push(path.join(path.dirname(path.dirname(common.stdout.trim())), 'shared'));
  return { dir: candidates.find((c) => existsSync(path.join(c, 'peers', 'bin'))) ?? null, tried: candidates };
}

/** One line per problem, each naming what to install; empty when every peer can start. */
export function checkPeers(root = ROOT) {
  const problems = [];
  const need = (ok, msg) => (ok ? undefined : problems.push(msg));

  // pymodbus.server imports serial_asyncio, which imports serial: Debian only recommends those two, so check them
  // one by one to name the package that is missing, then the modules the fixture itself imports.
  const py = (stmt) => run(SYSTEM_PYTHON, ['-c', stmt]);
  if (run(SYSTEM_PYTHON, ['--version']).missing) problems.push(`python3: ${SYSTEM_PYTHON} is missing`);
  else {
    const serial = py('import serial');
    need(serial.status === 0, `python3-serial: ${SYSTEM_PYTHON} cannot import serial (${lastLine(serial.out)})`);
    const asyncio = py('import serial_asyncio');
    need(asyncio.status === 0, `python3-serial-asyncio: ${SYSTEM_PYTHON} cannot import serial_asyncio (${lastLine(asyncio.out)})`);
    const found = py("import importlib.util, sys; sys.exit(importlib.util.find_spec('pymodbus') is None)");
    if (found.status !== 0) problems.push(`python3-pymodbus: ${SYSTEM_PYTHON} has no pymodbus`);
    else if (serial.status === 0 && asyncio.status === 0) {
      const pym = py('import pymodbus.server, pymodbus.datastore, pymodbus.transaction');
      need(pym.status === 0, `python3-pymodbus: ${SYSTEM_PYTHON} cannot import what test/fixtures/pymodbus_slave.py imports (${lastLine(pym.out)})`);
    }
  }

  const mbpoll = run('mbpoll', ['-h']);
  need(!mbpoll.missing && mbpoll.status === 0, `mbpoll: \`mbpoll -h\` ${mbpoll.missing ? 'not found' : `failed: ${lastLine(mbpoll.out)}`}`);
  const socat = run('socat', ['-V']);
  need(!socat.missing && socat.status === 0, `socat: \`socat -V\` ${socat.missing ? 'not found' : `failed: ${lastLine(socat.out)}`}`);
  // mosquitto -h prints its usage and exits 3.
  const mosq = run('mosquitto', ['-h']);
  need(!mosq.missing && /mosquitto version \d/.test(mosq.out), `mosquitto: \`mosquitto -h\` ${mosq.missing ? 'not found' : `did not print its version: ${lastLine(mosq.out)}`}`);
  const chromium = run(CHROMIUM, ['--version']);
  need(!chromium.missing && chromium.status === 0 && /Chromium \d/.test(chromium.out), `chromium: \`${CHROMIUM} --version\` ${chromium.missing ? 'not found' : `failed: ${lastLine(chromium.out)}`}`);

  // Tools the gateway bundle tests read their output with: openssl (certificates, CRL), unzip, file(1), systemd-analyze.
  for (const [cmd, args, pkg] of [
    ['openssl', ['version'], 'openssl'],
    ['unzip', ['-v'], 'unzip'],
    ['file', ['--version'], 'file'],
    ['systemd-analyze', ['--version'], 'systemd'],
  ]) {
    const r = run(cmd, args);
    need(!r.missing && r.status === 0, `${pkg}: \`${cmd} ${args.join(' ')}\` ${r.missing ? 'not found' : `failed: ${lastLine(r.out)}`}`);
  }

  const shared = findShared(root);
  if (!shared.dir) {
    problems.push(`../shared/peers/bin not found (tried ${shared.tried.join(', ')}); set FIELDBENCH_SHARED to the shared folder`);
    return problems;
  }
  const bin = path.join(shared.dir, 'peers', 'bin');
  // opcua-server --help prints its usage and exits 0; ab_server without --plc prints its usage and exits 1.
  for (const [name, args, started] of [
    ['opcua-server', ['--help'], (r) => r.status === 0 && /Usage:/.test(r.out)],
    ['ab_server', ['--help'], (r) => /Usage: ab_server/.test(r.out)],
  ]) {
    const file = path.join(bin, name);
    if (!existsSync(file)) {
      problems.push(`${file} is missing (see ${path.join(shared.dir, 'peers', 'README.md')})`);
      continue;
    }
    const ldd = run('ldd', [file]);
    const absent = [...ldd.out.matchAll(/^\s*(\S+) => not found/gm)].map((m) => m[1]);
    for (const lib of absent) problems.push(`${LIB_PACKAGES[lib] ?? `the package that holds ${lib}`}: ${name} needs ${lib} (ldd ${file})`);
    if (absent.length) continue;
    const r = run(file, args);
    need(started(r), `${name}: \`${file} ${args.join(' ')}\` did not start: ${lastLine(r.out)}`);
  }
  return problems;
}

function lastLine(s) {
  return (
    String(s)
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .at(-1) ?? 'no output'
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = checkPeers();
  if (problems.length) {
    process.stderr.write(`Peers the tests need cannot start; install the package named first on each line:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`peers ok: pymodbus (${SYSTEM_PYTHON}), mbpoll, socat, mosquitto, chromium, openssl, unzip, file, systemd-analyze, opcua-server, ab_server (${findShared().dir})\n`);
}
