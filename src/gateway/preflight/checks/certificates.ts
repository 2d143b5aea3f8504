import { error, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

const DAY = 86_400_000;
/** A certificate that expires within this many days is a warning: renew it before the gateway goes unattended. */
export const CERT_WARN_DAYS = 30;

/** Certificate expiry: every certificate the config names, with its days left; expired or unreadable is an error. */
export const checkCertificates: PreflightCheck = ({ facts, now }) =>
  facts.certificates.map((c) => {
    if (c.notAfter === null) return error('certificates', `cannot read ${c.file} as a certificate: ${c.error ?? 'unknown'}`, c.where, 'name a PEM certificate file');
    const days = Math.floor((c.notAfter - now) / DAY);
    const subject = c.subject ? ` (${c.subject})` : '';
    const until = new Date(c.notAfter).toISOString().slice(0, 10);
    if (c.notAfter <= now) return error('certificates', `${c.file}${subject} expired on ${until}`, c.where, 'renew the certificate and export again');
    if (days < CERT_WARN_DAYS) return warning('certificates', `${c.file}${subject} expires in ${days} day${days === 1 ? '' : 's'} (${until})`, c.where, 'renew it before the gateway runs unattended');
    return ok('certificates', `${c.file}${subject}: ${days} days left (until ${until})`, c.where);
  });
