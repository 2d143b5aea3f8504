import type { WriteOutcome, WritePrepareInput, WriteTicket } from '../../shared/schemas/writes';
import { SpType } from './datatypes';
import type { MetricCatalog } from './metric-catalog';
import type { SpMetric } from './payload';

export const REBIRTH_METRIC = 'Node Control/Rebirth';

export interface WritePath {
  prepareWrite(input: WritePrepareInput): Promise<WriteTicket>;
  confirmWrite(ticketId: string): Promise<WriteOutcome>;
}

/** Whether an NCMD asks for a rebirth ("Node Control/Rebirth" = true). */
export function asksRebirth(metrics: SpMetric[]): boolean {
  return metrics.some((m) => m.name === REBIRTH_METRIC && m.value === true);
}

function writeValueOf(m: SpMetric): number | boolean | string | null {
  const v = m.value;
  if (v === undefined || m.isNull) return null;
  if (typeof v === 'bigint') {
    if (m.datatype === SpType.DateTime) return new Date(Number(v)).toISOString();
    return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  }
  return v;
}

/** Hands a prepared write (a DCMD to a tag that was not pre-authorised) to the operator, who confirms or refuses it. */
export type AskOperator = (ticket: WriteTicket, device: string, metric: string) => void;

/**
 * A DCMD's metrics as writes, through the one write path (prepare, then confirm: audited like every write). Tags the
 * gateway configuration pre-authorised are written at once; any other is prepared and handed to the operator where
 * one is there to ask (the app), and refused and logged where none is (the CLI, the gateway).
 */
export async function runDeviceCommand(
  catalog: MetricCatalog,
  spDeviceId: string,
  metrics: SpMetric[],
  writable: ReadonlySet<string>,
  writes: WritePath,
  log: (line: string) => void,
  ask?: AskOperator,
): Promise<void> {
  const device = catalog.ofDevice(spDeviceId);
  if (!device) return log(`DCMD for unknown device "${spDeviceId}" ignored`);
  for (const m of metrics) {
    const def = device.metrics.find((d) => (m.name !== undefined ? d.name === m.name : m.alias !== undefined && d.alias === m.alias));
    if (!def) {
      log(`DCMD refused: device "${spDeviceId}" has no metric "${m.name ?? `alias ${String(m.alias)}`}"`);
      continue;
    }
    if (!writable.has(def.key) && !ask) {
      log(`DCMD refused: "${spDeviceId}/${def.name}" is not pre-authorised for writes from Sparkplug`);
      continue;
    }
    const value = writeValueOf(m);
    if (value === null) {
      log(`DCMD refused: "${spDeviceId}/${def.name}" carries no value`);
      continue;
    }
    try {
      const ticket = await writes.prepareWrite({ tagKey: def.key, value, note: `Sparkplug DCMD ${spDeviceId}/${def.name}` });
      if (!writable.has(def.key)) {
        log(`DCMD ${spDeviceId}/${def.name} = ${String(value)} waits for the operator's confirmation`);
        ask!(ticket, spDeviceId, def.name);
        continue;
      }
      const outcome = await writes.confirmWrite(ticket.ticketId);
      log(`DCMD wrote ${spDeviceId}/${def.name} = ${String(value)} (${outcome.result})`);
    } catch (err) {
      log(`DCMD write to ${spDeviceId}/${def.name} failed: ${(err as Error).message}`);
    }
  }
}
