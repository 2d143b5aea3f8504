import path from 'node:path';
import { parseArgs } from 'node:util';
import { ByteOrder, DataType } from '../../shared/codec/types';
import { toHex16 } from '../../shared/codec/registers';
import { FieldbenchError } from '../../shared/errors';
import { WritePrepareInput } from '../../shared/schemas/writes';
import { AuditLog } from '../../engine/audit/audit-log';
import { defaultDirs } from '../../engine/engine';
import { createChannel } from '../../engine/modbus/channel-factory';
import { WriteService } from '../../engine/modbus/write';
import { oneOf, parseIntFlag } from '../args';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';

export const WRITE_HELP = `fieldbench write (--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT) --unit N
                 --table holding|coil --address A --value V [--type T] [--order O] [--note TEXT] --confirm
${CONNECTION_HELP}
  Without --confirm nothing is sent: it reads the current value and shows what would be written.
  Every write is recorded in the audit log (data folder/audit/writes.jsonl).`;

/** Exit code when a write was refused for want of --confirm: nothing reached the device. */
export const EXIT_NOT_CONFIRMED = 3;

function parseValue(v: string | undefined, table: string): number | boolean {
  if (v === undefined) throw new FieldbenchError('invalid_input', '--value is required');
  if (table === 'coil') {
    if (/^(1|on|true)$/i.test(v)) return true;
    if (/^(0|off|false)$/i.test(v)) return false;
    throw new FieldbenchError('invalid_input', `--value for a coil is on/off, 1/0 or true/false, got "${v}"`);
  }
  const n = Number(v.replace(',', '.'));
  if (!Number.isFinite(n)) throw new FieldbenchError('invalid_input', `--value "${v}" is not a number`);
  return n;
}

export async function writeCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CONNECTION_OPTIONS,
      unit: { type: 'string' },
      table: { type: 'string' },
      address: { type: 'string' },
      value: { type: 'string' },
      type: { type: 'string' },
      order: { type: 'string' },
      note: { type: 'string' },
      confirm: { type: 'boolean', default: false },
      home: { type: 'string' },
    },
    strict: true,
  });
  const connection = connectionFromFlags(values);
  const unitId = parseIntFlag(values.unit, '--unit', 0, 255, 1);
  const table = oneOf(values.table, '--table', ['holding', 'coil'] as const, 'holding');
  const input = WritePrepareInput.parse({
    deviceId: 'cli',
    table,
    address: parseIntFlag(values.address, '--address', 0, 65535),
    type: oneOf(values.type, '--type', DataType.options, 'uint16'),
    order: oneOf(values.order, '--order', ByteOrder.options, 'ABCD'),
    value: parseValue(values.value, table),
    note: values.note ?? 'fieldbench write (command line)',
  });
  const dataDir = values.home ? path.join(values.home, 'data') : defaultDirs().dataDir;
  const service = new WriteService(new AuditLog(dataDir), 'cli');
  const channel = createChannel(connection);
  const device = { id: 'cli', name: `unit ${unitId} at ${connection.name}`, protocol: 'modbus' as const, connectionId: 'cli', unitId };
  try {
    const t = await service.prepare(input, device, channel);
    const now = t.oldValue === null ? `unreadable (${t.oldQuality})` : String(t.oldValue);
    const raw = table === 'coil' ? (t.raw[0] ? 'ON' : 'OFF') : `[${t.raw.map(toHex16).join(' ')}]`;
    out(`${t.register} on ${device.name}: current ${now} -> new ${t.newValue} (${t.type}, FC ${t.functionCode}, sends ${raw})`);
    if (!values.confirm) {
      service.cancel(t.ticketId);
      out('Not written: add --confirm to send this write.');
      return EXIT_NOT_CONFIRMED;
    }
    const done = await service.confirm(t.ticketId, () => ({ device, channel }));
    out(`Written.${done.readBack ? ` Read back [${done.readBack.map(toHex16).join(' ')}].` : ' (read-back failed)'}`);
    return 0;
  } finally {
    await channel.close();
  }
}
