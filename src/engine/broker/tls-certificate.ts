import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FieldbenchError } from '../../shared/errors';
import { opcua } from '../opcua/lib';

export interface BrokerTlsMaterial {
  /** PEM: the broker's own self-signed certificate, which clients take as their CA. */
  cert: string;
  key: string;
  certificateFile: string;
}

const CERT = 'broker-cert.pem';
const VALIDITY_DAYS = 825;

/**
 * The embedded broker's TLS certificate: self-signed, made on first use in `dir` and kept there (with its private
 * key, 0600). Node's crypto cannot issue an X.509 certificate by itself, so it is made with the certificate toolbox
 * node-opcua already ships (no OpenSSL, nothing native); its subject alternative names are localhost, 127.0.0.1, the
 * host name and any `hosts` the broker listens on.
 */
export async function brokerTlsMaterial(dir: string, hosts: readonly string[] = []): Promise<BrokerTlsMaterial> {
  const ua = await opcua();
  await mkdir(dir, { recursive: true });
  const manager = new ua.OPCUACertificateManager({ rootFolder: dir, automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true, name: 'FieldbenchBroker' });
  try {
    await manager.initialize();
    const certificateFile = path.join(dir, CERT);
    if (!existsSync(certificateFile)) {
      const host = os.hostname() || 'localhost';
      const ips = ['127.0.0.1', ...hosts.filter((h) => /^\d+\.\d+\.\d+\.\d+$/.test(h) && h !== '0.0.0.0')];
      const dns = ['localhost', host, ...hosts.filter((h) => !/^[\d.:]+$/.test(h))];
      await manager.createSelfSignedCertificate({
        outputFile: certificateFile,
        subject: `/CN=Fieldbench broker@${host}/O=Fieldbench`,
        applicationUri: `urn:${host}:FieldbenchBroker`,
        dns: [...new Set(dns)],
        ip: [...new Set(ips)],
        startDate: new Date(Date.now() - 86_400_000),
        validity: VALIDITY_DAYS,
      });
    }
    return { cert: readFileSync(certificateFile, 'utf8'), key: readFileSync(manager.privateKey, 'utf8'), certificateFile };
  } catch (err) {
    throw new FieldbenchError('io_error', `the broker's TLS certificate in ${dir} could not be made or read: ${(err as Error).message}`);
  } finally {
    await manager.dispose();
  }
}
