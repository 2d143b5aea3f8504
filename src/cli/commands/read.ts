import { parseArgs } from 'node:util';
import { ByteOrder, DataType, REGISTERS_PER_TYPE } from '../../shared/codec/types';
import { toHex16 } from '../../shared/codec/registers';
import { ModbusTable, TABLE_INFO, maxCount, toConventional } from '../../shared/modbus/tables';
import { FieldbenchError } from '../../shared/errors';
import { createChannel } from '../../engine/modbus/channel-factory';
import { readDecoded } from '../../engine/modbus/read';
import { oneOf, parseIntFlag } from '../args';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFromFlags } from '../connection-flags';
import { IMPORT_FLAGS } from './map';
import { readMap } from './read-map';

/** Import flags for --map, except --table, which read keeps for the table of a raw range. */
const { table: _table, ...MAP_FLAGS } = IMPORT_FLAGS;

export const READ_HELP = `fieldbench read (--tcp HOST:PORT | --rtu PORT | --rtu-over-tcp HOST:PORT) --unit N
                --table holding|input|coil|discrete --address A --count C
                [--type uint16|int16|uint32|int32|float32|float64|bool] [--order ABCD|CDAB|BADC|DCBA] [--json]
fieldbench read (--tcp ... | --rtu ...) --unit N --map FILE [--json]   every tag of a register map, planned into blocks
${CONNECTION_HELP}

  --address A   0-based protocol address as sent on the wire (holding register 40001 is address 0)
  --count C     number of values of --type to read (a float32 is two registers)
  --json        one JSON object per value: address, register, raw, value, quality`;

export async function readCommand(argv: string[], out: (line: string) => void, err: (line: string) => void = () => undefined): Promise<number> {
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
  if (values.map) return readMap(values.map, { ...values, table: undefined }, connection, parseIntFlag(values.unit, '--unit', 0, 255, 1), values.json ?? false, out, err);
  const unitId = parseIntFlag(values.unit, '--unit', 0, 255, 1);
  const table = oneOf(values.table, '--table', ModbusTable.options, 'holding');
  const type = oneOf(values.type, '--type', DataType.options, TABLE_INFO[table].bits ? 'bool' : 'uint16');
  const order = oneOf(values.order, '--order', ByteOrder.options, 'ABCD');
  const address = parseIntFlag(values.address, '--address', 0, 65535);
  const countValues = parseIntFlag(values.count, '--count', 1, 2000, 1);
  const width = TABLE_INFO[table].bits ? 1 : REGISTERS_PER_TYPE[type];
  const count = countValues * width;
  if (count > maxCount(table)) throw new FieldbenchError('invalid_input', `--count: at most ${Math.floor(maxCount(table) / width)} ${type} values per read from ${table}`);
  if (address + count - 1 > 65535) throw new FieldbenchError('invalid_input', '--count: the range runs past address 65535');

  const master = createChannel(connection);
  try {
    const res = await readDecoded(master, 'cli', { unitId, table, address, count, type, order });
    if (res.quality.status !== 'good') {
      if (values.json) out(JSON.stringify({ address, register: toConventional(table, address), raw: [], value: null, quality: res.quality }));
      else out(`read failed: ${res.quality.reason ?? res.quality.status}`);
      return 1;
    }
    for (const v of res.values) {
      if (values.json) {
        out(JSON.stringify({ address: v.address, register: toConventional(table, v.address), raw: v.registers, value: v.value, quality: v.quality }));
      } else {
        const raw = TABLE_INFO[table].bits ? String(v.registers[0]) : v.registers.map(toHex16).join(' ');
        out(`${toConventional(table, v.address).padStart(6)}  addr ${String(v.address).padStart(5)}  [${raw}]  ${String(v.value).padStart(14)}  ${v.quality.status}`);
      }
    }
    return 0;
  } finally {
    await master.close();
  }
}
