import { readFileSync } from 'node:fs';
import path from 'node:path';
import { handlePdu } from '../../src/engine/modbus/sim/pdu-handler';
import { RegisterBank } from '../../src/engine/modbus/sim/register-bank';
import type { PduChannel } from '../../src/engine/modbus/read';
import type { LayoutGroup } from '../../src/shared/sunspec/layout';
import { ROOT } from './processes';

/** An official SunSpec model definition as published (resources/sunspec/model_N.json), untouched by our code. */
export function officialModel(id: number): { id: number; group: LayoutGroup } {
  return JSON.parse(readFileSync(path.join(ROOT, 'resources/sunspec', `model_${id}.json`), 'utf8')) as { id: number; group: LayoutGroup };
}

/** Holding registers laid out by hand, answered in process by the simulator's PDU handler (no socket). */
export function registerChannel(holding: Record<number, readonly number[]>): { bank: RegisterBank; channel: PduChannel; requests: () => number } {
  const bank = new RegisterBank();
  for (const [at, words] of Object.entries(holding)) words.forEach((w, i) => (bank.holding[Number(at) + i] = w));
  let n = 0;
  return {
    bank,
    channel: {
      request: async (_unit: number, pdu: Buffer) => {
        n++;
        return handlePdu(bank, pdu);
      },
    },
    requests: () => n,
  };
}

/** "SunS" as two registers. */
export const SUNS = [0x5375, 0x6e53] as const;
