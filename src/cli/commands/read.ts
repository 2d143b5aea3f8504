import { parseArgs } from 'node:util';
import { ByteOrder, DataType, REGISTERS_PER_TYPE } from '../../shared/codec/types';
import { toHex16 } from '../../shared/codec/registers';
import { decodeString } from '../../shared/codec/strings';
import { ReadInput } from '../../shared/contract';
import { FieldbenchError, zodIssues } from '../../shared/errors';
import { ModbusTable, TABLE_INFO, maxCount, toConventional } from '../../shared/modbus/tables';
import { readRange } from '../../engine/modbus/read-range';
import { oneOf, parseIntFlag } from '../args';
import { CLI_DEVICE_ID, cliCore, singleDeviceProject } from '../cli-engine';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';
import { IMPORT_FLAGS } from './map';
import { readMap } from './read-map';
import { OPCUA_READ_HELP, opcuaReadCommand } from './opcua-read';
import { CIP_READ_HELP, cipReadCommand } from './cip-read';

/** Import flags for --map, except --table, which read keeps for the table of a raw range. */
const { table: _table, ...MAP_FLAGS } = IMPORT_FLAGS;

/** What `read` can show: the contract's value types, and two displays of raw registers as Modbus Poll has them. */
const READ_TYPES = [...DataType.options, 'string', 'hex'] as const;

export const READ_HELP = `fieldbench read (--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT) --unit N
                --table holding|input|coil|discrete --address A --count C
                [--type uint16|int16|uint32|int32|float32|float64|bool|string|hex] [--order ABCD|CDAB|BADC|DCBA] [--json]
fieldbench read (--tcp ... | --rtu ...) --unit N --map FILE [--json] [--word-order O] [--base 0|1] [--sheet S]
                every tag of a register map, planned into blocks, decoded as the app decodes it
${CONNECTION_HELP}

  --address A   0-based protocol address as sent on the wire (holding register 40001 is address 0)
  --count C     number of values of --type to read (a float32 is two registers); for string and hex, registers
  --type string the registers as ASCII text, two characters each (--order BADC: low byte first)
  --type hex    the registers as hexadecimal words
  --json        one JSON object per value: address, register, raw, value, quality
${OPCUA_READ_HELP}
${CIP_READ_HELP}`;

export async function readCommand(argv: string[], out: (line: string) => void, err: (line: string) => void = () => undefined): Promise<number> {
  if (argv.some((a) => a === '--opcua' || a.startsWith('--opcua='))) return opcuaReadCommand(argv, out, err);
  if (argv.some((a) => a === '--cip' || a.startsWith('--cip='))) return cipReadCommand(argv, out);
  const { values } = parseArgs({
    args: argv,
    options: {
      ...CONNECTION_OPTIONS,
      unit: { type: 'string' },
      table: { type: 'string' },
      address: { type: 'string' },
      count: { type: 'string' },
      type: { type: 'string' },
      order: { type: 'string' },
      map: { type: 'string' },
      ...MAP_FLAGS,
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const connection = connectionFromFlags(values);
  const unitId = parseIntFlag(values.unit, '--unit', 0, 255, 1);
  if (values.map) return readMap(values.map, { ...values, table: undefined }, connection, unitId, values.json ?? false, out, err);
  const table = oneOf(values.table, '--table', ModbusTable.options, 'holding');
  const bits = TABLE_INFO[table].bits;
  const shown = oneOf(values.type, '--type', READ_TYPES, bits ? 'bool' : 'uint16');
  if (bits && (shown === 'string' || shown === 'hex')) throw new FieldbenchError('invalid_input', `--type ${shown} shows registers; ${table} holds bits`);
  const type: DataType = shown === 'string' || shown === 'hex' ? 'uint16' : shown;
  const order = oneOf(values.order, '--order', ByteOrder.options, 'ABCD');
  const address = parseIntFlag(values.address, '--address', 0, 65535);
  const countValues = parseIntFlag(values.count, '--count', 1, 2000, 1);
  const width = bits || shown === 'string' || shown === 'hex' ? 1 : REGISTERS_PER_TYPE[type];
  // The contract's own limits (registers per read, the end of the address space), named by their flag.
  const input = ReadInput.safeParse({ deviceId: CLI_DEVICE_ID, table, address, count: countValues * width, type, order });
  if (!input.success) {
    const i = zodIssues(input.error)[0]!;
    if (i.path === 'count' && countValues * width > maxCount(table)) throw new FieldbenchError('invalid_input', `--count: at most ${Math.floor(maxCount(table) / width)} ${shown} values per read from ${table} (${i.message})`);
    throw new FieldbenchError('invalid_input', `--${i.path || 'count'}: ${i.message}`);
  }

  const core = cliCore(singleDeviceProject(connection, unitId));
  try {
    const res = await readRange(core, input.data);
    if (res.quality.status !== 'good') {
      if (values.json) out(JSON.stringify({ address, register: toConventional(table, address), raw: [], value: null, quality: res.quality }));
      else out(`read failed: ${res.quality.reason ?? res.quality.status}`);
      return 1;
    }
    if (shown === 'string') {
      const text = decodeString(res.raw, 0, res.raw.length, order);
      if (values.json) out(JSON.stringify({ address, register: toConventional(table, address), raw: res.raw, value: text, quality: res.quality }));
      else out(`${toConventional(table, address).padStart(6)}  addr ${String(address).padStart(5)}  [${res.raw.map(toHex16).join(' ')}]  "${text}"  ${res.quality.status}`);
      return 0;
    }
    for (const v of res.values) {
      const value = shown === 'hex' ? v.registers.map(toHex16).join(' ') : v.value;
      if (values.json) {
        out(JSON.stringify({ address: v.address, register: toConventional(table, v.address), raw: v.registers, value, quality: v.quality }));
      } else {
        const raw = bits ? String(v.registers[0]) : v.registers.map(toHex16).join(' ');
        out(`${toConventional(table, v.address).padStart(6)}  addr ${String(v.address).padStart(5)}  [${raw}]  ${String(value).padStart(14)}  ${v.quality.status}`);
      }
    }
    return 0;
  } finally {
    await core.close();
  }
}
