import { parseArgs } from 'node:util';
import type { CertificateInfo } from '../../engine/opcua/cert-info';
import { OpcUaPki } from '../../engine/opcua/pki';
import { FieldbenchError } from '../../shared/errors';
import { dataDirOf } from './opcua-flags';

export const CERTS_HELP = `fieldbench certs list [--json] [--home DIR]
fieldbench certs trust THUMBPRINT | reject THUMBPRINT [--home DIR]
  The OPC UA certificate store in the data folder: Fieldbench's own certificate (made on first use), and the server
  certificates it trusts or has rejected. An unknown server certificate lands in the rejected list; trust it by its
  thumbprint (40 hex digits, as "list" and the refusal show it).`;

function line(c: CertificateInfo): string {
  return `  ${c.thumbprint}  ${c.subject}\n      issuer ${c.issuer}; valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}; ${c.applicationUri ?? 'no application URI'}`;
}

export async function certsCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, home: { type: 'string' } }, allowPositionals: true, strict: true });
  const [action, thumbprint] = positionals;
  const pki = await OpcUaPki.open(dataDirOf(values.home));
  try {
    if (action === 'list' || action === undefined) {
      const lists = await pki.list();
      if (values.json) {
        out(JSON.stringify({ list: 'own', ...lists.own }));
        for (const c of lists.trusted) out(JSON.stringify({ list: 'trusted', ...c }));
        for (const c of lists.rejected) out(JSON.stringify({ list: 'rejected', ...c }));
        return 0;
      }
      out(`Fieldbench's certificate (${pki.own.certificateFile}):\n${line(lists.own)}`);
      out(`Trusted servers (${lists.trusted.length}):`);
      for (const c of lists.trusted) out(line(c));
      out(`Rejected servers (${lists.rejected.length}):`);
      for (const c of lists.rejected) out(line(c));
      return 0;
    }
    if (action === 'trust' || action === 'reject') {
      if (!thumbprint) throw new FieldbenchError('invalid_input', `certs ${action} needs the certificate's THUMBPRINT (see fieldbench certs list)`);
      const c = action === 'trust' ? await pki.trust(thumbprint) : await pki.reject(thumbprint);
      out(`${action === 'trust' ? 'Trusted' : 'Rejected'}: ${c.subject} (${c.thumbprint})`);
      return 0;
    }
    throw new FieldbenchError('invalid_input', `unknown certs action "${action}": list, trust THUMBPRINT or reject THUMBPRINT`);
  } finally {
    await pki.dispose();
  }
}
