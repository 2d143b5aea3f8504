import { FieldbenchError } from '../shared/errors';
import { Connection, Parity, type ModbusConnection } from '../shared/project/schema';
import { oneOf, parseEndpoint, parseIntFlag } from './args';

/** The flags every device command takes to say where the device is. */
export const CONNECTION_OPTIONS = {
  tcp: { type: 'string' },
  rtu: { type: 'string' },
  'rtu-over-tcp': { type: 'string' },
  baud: { type: 'string' },
  parity: { type: 'string' },
  stop: { type: 'string' },
  'data-bits': { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'in-flight': { type: 'string' },
  rts: { type: 'boolean' },
  echo: { type: 'boolean' },
} as const;

export const CONNECTION_HELP = `  --tcp HOST:PORT            Modbus TCP
  --rtu PORT                 Modbus RTU on a serial port (COM3, /dev/ttyUSB0)
      --baud N (19200) --parity none|even|odd (even) --stop 1|2 (1) --data-bits 7|8 (8) [--rts] [--echo: the adapter hands back what it sends]
  --rtu-over-tcp HOST:PORT   RTU frames over TCP to a serial device server
  --timeout MS (1000) --retries N (1 on RTU) --in-flight N (TCP transactions in flight, 1)`;

type Flags = { [K in keyof typeof CONNECTION_OPTIONS]?: (typeof CONNECTION_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Build a validated connection from --tcp / --rtu / --rtu-over-tcp and friends. */
export function connectionFromFlags(v: Flags): ModbusConnection {
  const chosen = [v.tcp && '--tcp', v.rtu && '--rtu', v['rtu-over-tcp'] && '--rtu-over-tcp'].filter(Boolean);
  if (chosen.length !== 1) throw new FieldbenchError('invalid_input', chosen.length ? `use one of ${chosen.join(', ')}, not several` : 'say where the device is: --tcp HOST:PORT, --rtu PORT or --rtu-over-tcp HOST:PORT');
  const timeoutMs = parseIntFlag(v.timeout, '--timeout', 20, 60000, 1000);
  let raw: unknown;
  if (v.tcp) {
    const e = parseEndpoint(v.tcp, '--tcp');
    raw = { kind: 'tcp', id: 'cli', name: v.tcp, ...e, timeoutMs, maxInFlight: parseIntFlag(v['in-flight'], '--in-flight', 1, 16, 1) };
  } else if (v.rtu) {
    raw = {
      kind: 'rtu',
      id: 'cli',
      name: v.rtu,
      path: v.rtu,
      baud: parseIntFlag(v.baud, '--baud', 300, 921600, 19200),
      parity: oneOf(v.parity, '--parity', Parity.options, 'even'),
      stopBits: parseIntFlag(v.stop, '--stop', 1, 2, 1),
      dataBits: parseIntFlag(v['data-bits'], '--data-bits', 7, 8, 8),
      rtsToggle: v.rts ?? false,
      echo: v.echo ?? false,
      timeoutMs,
      retries: parseIntFlag(v.retries, '--retries', 0, 10, 1),
    };
  } else {
    const e = parseEndpoint(v['rtu-over-tcp'], '--rtu-over-tcp', 4001);
    raw = { kind: 'rtu-over-tcp', id: 'cli', name: v['rtu-over-tcp']!, ...e, timeoutMs, retries: parseIntFlag(v.retries, '--retries', 0, 10, 1) };
  }
  const parsed = Connection.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new FieldbenchError('invalid_input', `${flagOf(String(i.path[0] ?? ''))}: ${i.message}`);
  }
  return parsed.data as ModbusConnection;
}

function flagOf(field: string): string {
  const map: Record<string, string> = { path: '--rtu', host: 'host', port: 'port', baud: '--baud', parity: '--parity', stopBits: '--stop', dataBits: '--data-bits', timeoutMs: '--timeout' };
  return map[field] ?? field;
}
