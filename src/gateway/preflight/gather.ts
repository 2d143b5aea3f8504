import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TagReading } from '../../shared/schemas/tags';
import type { Project } from '../../shared/project/schema';
import type { CertificateFact, DeviceProbe } from './types';

/** What the pre-flight needs of an engine core: one read of a device's tags through its driver. */
export interface ProbeSource {
  readOnce(deviceId: string): Promise<TagReading[]>;
}

/** Read each device that has tags once, one device after another, through the engine's own drivers. */
export async function probeDevices(core: ProbeSource, project: Project): Promise<DeviceProbe[]> {
  const out: DeviceProbe[] = [];
  for (const d of project.devices) {
    const maps = project.tagMaps.filter((m) => m.deviceId === d.id);
    if (!maps.some((m) => m.tags.length)) continue;
    const names = new Map<string, string>(maps.flatMap((m) => m.tags.map((t) => [`${m.id}/${t.name}`, t.name] as const)));
    try {
      const readings = await core.readOnce(d.id);
      const tags = readings.map((r) => ({ key: r.key, name: names.get(r.key) ?? r.key, status: r.quality.status, reason: r.quality.reason ?? null }));
      const reachable = tags.some((t) => t.status !== 'bad');
      out.push({ deviceId: d.id, reachable, reason: reachable ? null : (tags.find((t) => t.reason)?.reason ?? 'no reading'), tags });
    } catch (e) {
      out.push({ deviceId: d.id, reachable: false, reason: (e as Error).message, tags: [] });
    }
  }
  return out;
}

/** Read a certificate file (PEM) for its expiry; the error when it is not one. */
export function readCertificate(where: string, file: string): CertificateFact {
  try {
    const c = new X509Certificate(readFileSync(file));
    return { where, file, notAfter: Date.parse(c.validTo), subject: c.subject.replace(/\n/g, ', '), error: null };
  } catch (e) {
    return { where, file, notAfter: null, subject: null, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}
