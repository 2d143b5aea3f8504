import path from 'node:path';
import { parseArgs } from 'node:util';
import { ByteOrder, DataType } from '../../shared/codec/types';
import { toHex16 } from '../../shared/codec/registers';
import { FieldbenchError } from '../../shared/errors';
import { RegisterWriteInput } from '../../shared/schemas/writes';
import { defaultDirs } from '../../engine/options';
import { oneOf, parseIntFlag } from '../args';
import { CLI_DEVICE_ID, cliCore, singleDeviceProject } from '../cli-engine';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';
import { CIP_WRITE_HELP, cipWriteCommand } from './cip-write';

export const WRITE_HELP = `fieldbench write (--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT) --unit N
                 --table holding|coil --address A --value V [--type T] [--order O] [--multiple] [--note TEXT] --confirm
${CONNECTION_HELP}
  Without --confirm nothing is sent: it reads the current value and shows what would be written.
  --multiple    use FC 15 / FC 16 even for one coil or register (devices that accept only those)
  Unit 0 on a serial line is a broadcast: sent once, no answer expected, nothing read before or after.
  Every write is recorded in the audit log (data folder/audit/writes.jsonl): its intent before it is sent, then
  its outcome. A device that echoes or reads back another value than the one written fails the write (exit 1).
${CIP_WRITE_HELP}`;

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
  if (argv.some((a) => a === '--cip' || a.startsWith('--cip='))) return cipWriteCommand(argv, out);
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
      multiple: { type: 'boolean', default: false },
      confirm: { type: 'boolean', default: false },
      home: { type: 'string' },
    },
    strict: true,
  });
  const connection = connectionFromFlags(values);
  const unitId = parseIntFlag(values.unit, '--unit', 0, 255, 1);
  const table = oneOf(values.table, '--table', ['holding', 'coil'] as const, 'holding');
  const input = RegisterWriteInput.parse({
    deviceId: CLI_DEVICE_ID,
    table,
    address: parseIntFlag(values.address, '--address', 0, 65535),
    type: oneOf(values.type, '--type', DataType.options, 'uint16'),
    order: oneOf(values.order, '--order', ByteOrder.options, 'ABCD'),
    value: parseValue(values.value, table),
    multiple: values.multiple ?? false,
    note: values.note ?? 'fieldbench write (command line)',
  });
  const dataDir = values.home ? path.join(values.home, 'data') : defaultDirs().dataDir;
  const core = cliCore(singleDeviceProject(connection, unitId), dataDir);
  try {
    const t = await core.prepareWrite(input);
    const d = t.detail;
    if (d.protocol !== 'modbus') throw new FieldbenchError('internal', `a register write came back as a ${d.protocol} write`);
    const now = t.broadcast ? 'not read (broadcast)' : t.oldValue === null ? `unreadable (${t.oldQuality})` : String(t.oldValue);
    // Coils as ON/OFF, registers as hex words: the same way for what is sent and what is read back.
    const words = (raw: number[]) => (d.table === 'coil' ? raw.map((b) => (b ? 'ON' : 'OFF')) : raw.map(toHex16)).join(' ');
    const raw = d.table === 'coil' ? words(d.raw) : `[${words(d.raw)}]`;
    out(`${d.register} on ${t.deviceName}: current ${now} -> new ${t.newValue} (${d.type}, FC ${d.functionCode}, sends ${raw})`);
    if (!values.confirm) {
      core.cancelWrite(t.ticketId);
      out('Not written: add --confirm to send this write.');
      return EXIT_NOT_CONFIRMED;
    }
    const done = await core.confirmWrite(t.ticketId);
    if (done.result === 'broadcast') out('Broadcast sent once: no answer expected, nothing read back.');
    else out(`Written.${done.readBack ? ` Read back [${words(done.readBack)}].` : ' (read-back failed)'}`);
    return 0;
  } finally {
    await core.close();
  }
}
