import { tagKey, type CheckoutMark, type Project } from '../project/schema';
import type { TagReading } from '../schemas/tags';
import { decodingText, sourceAddressText, sourceTypeText } from '../tags/source-text';

function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A value as a person reads it: a float32 carries about 7 significant digits (230.10000610351562 is 230.1), and scaling noise goes (12.810000000000002 is 12.81). */
function fmtValue(v: unknown, type: string): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(type === 'float32' ? 7 : 12)));
  return String(v);
}

const STATUS_LABEL: Record<string, string> = { verified: 'Verified', failed: 'Failed', note: 'Note', none: 'Not checked' };

/**
 * The commissioning checkout report: one self-contained HTML page (no scripts, inline styles only) listing every
 * tag with how it was decoded, its as-found value, quality, timestamp and the checkout mark, grouped by device.
 */
export function checkoutReportHtml(project: Project, live: readonly TagReading[], generatedAt = new Date()): string {
  const byKey = new Map(live.map((r) => [r.key, r]));
  const sections: string[] = [];
  let verified = 0;
  let failed = 0;
  let total = 0;
  for (const device of project.devices) {
    const rows: string[] = [];
    for (const map of project.tagMaps.filter((m) => m.deviceId === device.id)) {
      for (const tag of map.tags) {
        const key = tagKey(map.id, tag.name);
        const mark: CheckoutMark | undefined = project.checkout[key];
        const now = byKey.get(key);
        const value = mark && mark.status !== 'none' ? mark.value : (now?.value ?? null);
        const quality = mark && mark.status !== 'none' ? mark.quality : now?.quality;
        const at = mark && mark.status !== 'none' ? mark.at : now?.receivedAt;
        const status = mark?.status ?? 'none';
        total++;
        if (status === 'verified') verified++;
        if (status === 'failed') failed++;
        rows.push(
          `<tr class="${status}"><td>${esc(tag.name)}</td><td>${esc(sourceAddressText(tag.source))}</td><td>${esc(sourceTypeText(tag.source))}</td><td>${esc(decodingText(tag.source))}</td>` +
            `<td class="num">${esc(fmtValue(value, sourceTypeText(tag.source)))} ${esc(tag.units)}</td><td>${esc(quality ? `${quality.status}${quality.reason ? ` – ${quality.reason}` : ''}` : '—')}</td>` +
            `<td>${at ? esc(new Date(at).toISOString()) : '—'}</td><td>${esc(STATUS_LABEL[status])}</td><td>${esc(mark?.note ?? '')}</td></tr>`,
        );
      }
    }
    if (rows.length === 0) continue;
    sections.push(
      `<h2>${esc(device.name)} <small>${device.protocol === 'modbus' ? `unit ${device.unitId}` : device.protocol === 'opcua' ? 'OPC UA' : 'EtherNet/IP'}</small></h2><table><thead><tr><th>Tag</th><th>${device.protocol === 'modbus' ? 'Register' : 'Address'}</th><th>Type</th><th>Decoding</th><th>As-found value</th><th>Quality</th><th>Time (UTC)</th><th>Checkout</th><th>Note</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout report – ${esc(project.name)}</title>
<style>body{font:13px system-ui,sans-serif;margin:24px;color:#111}table{border-collapse:collapse;width:100%;margin-bottom:20px}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left}th{background:#eee}.num{text-align:right;font-family:monospace}tr.verified td:nth-child(8){color:#0a6b2c;font-weight:600}tr.failed td:nth-child(8){color:#b00020;font-weight:600}small{color:#555;font-weight:normal}</style></head>
<body><h1>Checkout report – ${esc(project.name)}</h1><p>Generated ${esc(generatedAt.toISOString())}. ${verified} of ${total} points verified, ${failed} failed, ${total - verified - failed} not checked.</p>${sections.join('\n') || '<p>No tags in this project.</p>'}</body></html>`;
}
