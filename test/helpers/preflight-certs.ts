import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A self-signed certificate valid from `start` to `end` (YYYYMMDDHHMMSSZ), made with openssl's `ca` (which, unlike
 * `req -x509` in OpenSSL 3.0, takes explicit dates, so an already expired certificate can be made today).
 */
export function certificate(dir: string, name: string, start: string, end: string): string {
  const work = path.join(dir, `${name}.ca`);
  mkdirSync(path.join(work, 'new'), { recursive: true });
  writeFileSync(path.join(work, 'index.txt'), '');
  writeFileSync(path.join(work, 'serial'), '01\n');
  writeFileSync(path.join(work, 'ca.cnf'), `[ca]\ndefault_ca=c\n[c]\ndatabase=${work}/index.txt\nnew_certs_dir=${work}/new\nserial=${work}/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`);
  const key = path.join(work, 'key.pem');
  const csr = path.join(work, 'req.csr');
  const out = path.join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], { stdio: 'pipe' });
  execFileSync('openssl', ['ca', '-batch', '-config', path.join(work, 'ca.cnf'), '-selfsign', '-keyfile', key, '-in', csr, '-out', out, '-startdate', start, '-enddate', end, '-notext'], { stdio: 'pipe' });
  return out;
}

/** openssl's date form for `date` (UTC). */
export function opensslDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
