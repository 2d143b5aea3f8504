import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OPCUACertificateManager } from 'node-opcua';
import { FieldbenchError } from '../../shared/errors';
import { certificateDer, certificateInfo, normalizeThumbprint, validityProblem, type CertificateInfo } from './cert-info';
import { OpcUaCertificateError, type CertificateProblem } from './errors';
import { opcua } from './lib';

/** The application instance certificate Fieldbench presents to servers. */
export interface OwnCertificate {
  certificateFile: string;
  privateKeyFile: string;
  applicationUri: string;
  info: CertificateInfo;
  der: Buffer;
}

export interface ListedCertificate extends CertificateInfo {
  file: string;
}

export interface CertificateLists {
  own: CertificateInfo;
  trusted: ListedCertificate[];
  rejected: ListedCertificate[];
}

const OWN_CERT = 'own/certs/client_certificate.pem';
const VALIDITY_DAYS = 3650;

async function listFolder(folder: string): Promise<ListedCertificate[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const out: ListedCertificate[] = [];
  for (const name of names.sort()) {
    if (!/\.(pem|der|crt|cer)$/i.test(name)) continue;
    const file = path.join(folder, name);
    try {
      out.push({ ...certificateInfo(await readFile(file)), file });
    } catch {
      // not a certificate: left alone, not listed
    }
  }
  return out;
}

/**
 * The OPC UA PKI in the data folder (<dataDir>/pki): Fieldbench's application instance certificate, created on first
 * use (never at import time), and the trusted and rejected lists of server certificates. Unknown server certificates
 * are rejected (`automaticallyAcceptUnknownCertificate: false`) and recorded in the rejected list, where the operator
 * trusts them by thumbprint.
 */
export class OpcUaPki {
  private static readonly opened = new Map<string, Promise<OpcUaPki>>();

  private constructor(
    readonly root: string,
    readonly manager: OPCUACertificateManager,
    readonly own: OwnCertificate,
  ) {}

  /** The PKI of a data folder, opened once per process and folder; creates the folders and certificate when missing. */
  static open(dataDir: string, opts: { watch?: boolean } = {}): Promise<OpcUaPki> {
    const root = path.join(path.resolve(dataDir), 'pki');
    let p = OpcUaPki.opened.get(root);
    if (!p) {
      p = OpcUaPki.create(root, opts.watch ?? false);
      OpcUaPki.opened.set(root, p);
      p.catch(() => OpcUaPki.opened.delete(root));
    }
    return p;
  }

  private static async create(root: string, watch: boolean): Promise<OpcUaPki> {
    const ua = await opcua();
    await mkdir(root, { recursive: true });
    const manager = new ua.OPCUACertificateManager({ rootFolder: root, automaticallyAcceptUnknownCertificate: false, disableFileWatchers: !watch, name: 'Fieldbench' });
    try {
      await manager.initialize();
    } catch (err) {
      throw new FieldbenchError('io_error', `the OPC UA certificate store in ${root} could not be opened: ${(err as Error).message}`);
    }
    const certificateFile = path.join(root, OWN_CERT);
    if (!existsSync(certificateFile)) {
      const host = os.hostname() || 'localhost';
      await manager.createSelfSignedCertificate({
        outputFile: certificateFile,
        subject: `/CN=Fieldbench@${host}/O=Fieldbench`,
        applicationUri: `urn:${host}:Fieldbench`,
        dns: [host, 'localhost'],
        // A day back, so a server whose clock runs a little behind still takes it.
        startDate: new Date(Date.now() - 86_400_000),
        validity: VALIDITY_DAYS,
      });
    }
    const der = certificateDer(await readFile(certificateFile));
    const info = certificateInfo(der);
    if (!info.applicationUri) throw new FieldbenchError('invalid_input', `${certificateFile} has no application URI; delete it and Fieldbench makes a new one`);
    return new OpcUaPki(root, manager, { certificateFile, privateKeyFile: manager.privateKey, applicationUri: info.applicationUri, info, der });
  }

  async list(): Promise<CertificateLists> {
    return {
      own: this.own.info,
      trusted: await listFolder(path.join(this.root, 'trusted', 'certs')),
      rejected: await listFolder(path.join(this.root, 'rejected')),
    };
  }

  private async find(thumbprint: string): Promise<{ listed: ListedCertificate; list: 'trusted' | 'rejected' }> {
    const want = normalizeThumbprint(thumbprint);
    if (!/^[0-9a-f]{40}$/.test(want)) throw new FieldbenchError('invalid_input', `"${thumbprint}" is not a certificate thumbprint (40 hexadecimal digits)`);
    const lists = await this.list();
    const trusted = lists.trusted.find((c) => c.thumbprint === want);
    if (trusted) return { listed: trusted, list: 'trusted' };
    const rejected = lists.rejected.find((c) => c.thumbprint === want);
    if (rejected) return { listed: rejected, list: 'rejected' };
    throw new FieldbenchError('not_found', `no certificate with thumbprint ${want} in the trusted or rejected list (connect to the server once: its certificate is then recorded as rejected)`);
  }

  /** Move a certificate to the trusted list, by thumbprint. */
  async trust(thumbprint: string): Promise<CertificateInfo> {
    const { listed } = await this.find(thumbprint);
    await this.manager.trustCertificate(certificateDer(await readFile(listed.file)));
    return listed;
  }

  /** Move a certificate to the rejected list, by thumbprint. */
  async reject(thumbprint: string): Promise<CertificateInfo> {
    const { listed } = await this.find(thumbprint);
    await this.manager.rejectCertificate(certificateDer(await readFile(listed.file)));
    return listed;
  }

  /**
   * Accept a server's certificate or say exactly why not. An unknown certificate lands in the rejected list. `trustOnce`
   * (a thumbprint) accepts that one certificate for this session only, without adding it to the trusted list.
   */
  async checkServer(der: Buffer, endpointUrl: string, serverUri: string | null, trustOnce?: string): Promise<CertificateInfo> {
    const info = certificateInfo(der);
    const status = await this.manager.checkCertificate(der);
    const once = trustOnce !== undefined && normalizeThumbprint(trustOnce) === info.thumbprint;
    const refuse = (problem: CertificateProblem, what: string) => {
      throw new OpcUaCertificateError(
        endpointUrl,
        info,
        problem,
        `the server at ${endpointUrl} presents a certificate that ${what}: subject "${info.subject}", issuer "${info.issuer}", thumbprint ${info.thumbprint}, valid ${info.notBefore.slice(0, 10)} to ${info.notAfter.slice(0, 10)}, application URI ${info.applicationUri ?? '(none)'}`,
      );
    };
    const validity = validityProblem(info);
    if (validity && !once) refuse(validity === 'expired' ? 'expired' : 'not yet valid', `is ${validity}`);
    if (!status.isGood() && !once) {
      const name = status.name;
      if (name === 'BadCertificateUntrusted') refuse('untrusted', 'is not trusted (it is in the rejected list until the operator trusts it)');
      if (name === 'BadCertificateRevoked') refuse('revoked', 'is revoked by its issuer');
      if (name === 'BadCertificateTimeInvalid' || name === 'BadCertificateIssuerTimeInvalid') refuse('expired', `is outside its validity period (${name})`);
      refuse('invalid', `is not valid (${name})`);
    }
    if (serverUri && info.applicationUri && info.applicationUri !== serverUri && !once) {
      refuse('uri mismatch', `names application URI ${info.applicationUri}, but the endpoint says the server is ${serverUri}`);
    }
    return info;
  }

  /** Close the store (file watchers). The next open() of the folder opens it afresh. */
  async dispose(): Promise<void> {
    OpcUaPki.opened.delete(this.root);
    await this.manager.dispose();
  }
}
