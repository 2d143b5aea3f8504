#!/usr/bin/env node
import { FieldbenchError } from '../shared/errors';
import { READ_HELP, readCommand } from './commands/read';
import { SIM_HELP, simCommand } from './commands/sim';
import { WEB_HELP, webCommand } from './commands/web';
import { appCommand } from './commands/app';
import { WRITE_HELP, writeCommand } from './commands/write';
import { SCAN_HELP, scanCommand } from './commands/scan';
import { IDENTIFY_HELP, identifyCommand } from './commands/identify';
import { portsCommand } from './commands/ports';
import { MAP_HELP, mapCommand } from './commands/map';
import { PROJECT_HELP, projectCommand } from './commands/project';
import { BROWSE_HELP, browseCommand } from './commands/browse';
import { CERTS_HELP, certsCommand } from './commands/certs';
import { CIP_TAGS_HELP, cipTagsCommand } from './commands/cip-tags';
import { BROKER_HELP, brokerCommand } from './commands/broker';
import { SUB_HELP, subCommand } from './commands/sub';
import { SPARKPLUG_HELP, sparkplugCommand } from './commands/sparkplug';
import { GATEWAY_HELP, gatewayCommand } from './commands/gateway';
import { EXPORT_HELP, exportCommand } from './commands/export';
import { PREFLIGHT_HELP, preflightCommand } from './commands/preflight';
import { packageVersion } from './paths';
import { untilSignal } from './signals';

const HELP = `fieldbench ${packageVersion()} — commissioning workstation for Modbus, OPC UA, EtherNet/IP and MQTT / Sparkplug B

Commands:
  app                      start the desktop app (web mode where no Electron binary exists)
  web                      serve the UI to a browser on 127.0.0.1
  sim modbus               run the built-in Modbus TCP simulator (demo plant)
  sim opcua                run the built-in OPC UA demo server
  sim cip                  run the built-in EtherNet/IP (Logix) controller simulator
  read                     read registers or bits from a Modbus device, or every tag of a register map; --opcua: OPC UA nodes
  browse                   the address space of an OPC UA server
  tags                     the tag list of an EtherNet/IP (Logix) controller, UDTs expanded into members
  certs                    OPC UA certificates: Fieldbench's own, trusted and rejected servers
  map                      check, export or discover (SunSpec) register maps
  write                    write a register or coil (only with --confirm; every write is audited)
  scan                     find Modbus devices on a serial bus or on the hosts you name
  identify                 read a device's identification (FC 43/14)
  ports                    list serial ports, recognising USB-RS485 adapters
  broker                   run the embedded MQTT broker (generated credentials)
  sub                      print MQTT messages, Sparkplug B payloads decoded
  sparkplug                run a Sparkplug B edge node with store-and-forward
  gateway                  the headless gateway: run, check, config (from a project), schema
  export                   a gateway bundle for an edge device, made from a project
  preflight                the pre-flight of a gateway export: tags, sources, TLS, access, writes, certificates
  project check            open a project file as the app would and say what it holds, or every problem

${READ_HELP}

${WRITE_HELP}

${SCAN_HELP}

${IDENTIFY_HELP}

${MAP_HELP}

${SIM_HELP}

${BROWSE_HELP}

${CERTS_HELP}

${CIP_TAGS_HELP}

${PROJECT_HELP}

${BROKER_HELP}

${SUB_HELP}

${SPARKPLUG_HELP}

${GATEWAY_HELP}

${EXPORT_HELP}

${PREFLIGHT_HELP}

${WEB_HELP}
`;

/** Resolves on Ctrl+C or SIGTERM, for commands that run until stopped. */
export async function main(argv: string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'read':
      return readCommand(rest, out, err);
    case 'write':
      return writeCommand(rest, out);
    case 'scan':
      return scanCommand(rest, out, err);
    case 'identify':
      return identifyCommand(rest, out);
    case 'ports':
      return portsCommand(rest, out, err);
    case 'map':
      return mapCommand(rest, out, err);
    case 'project':
      return projectCommand(rest, out, err);
    case 'browse':
      return browseCommand(rest, out, err);
    case 'certs':
      return certsCommand(rest, out);
    case 'tags':
      return cipTagsCommand(rest, out);
    case 'sim':
      return simCommand(rest, out, untilSignal());
    case 'web':
      return webCommand(rest, out, untilSignal());
    case 'broker':
      return brokerCommand(rest, out, err, untilSignal());
    case 'sub':
      return subCommand(rest, out, err, untilSignal());
    case 'sparkplug':
      return sparkplugCommand(rest, out, err, untilSignal());
    case 'gateway':
      return gatewayCommand(rest, out, err, untilSignal());
    case 'export':
      return exportCommand(rest, out, err);
    case 'preflight':
      return preflightCommand(rest, out);
    case 'app':
      return appCommand(rest, out, untilSignal());
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP);
      return 0;
    case '--version':
      out(packageVersion());
      return 0;
    default:
      throw new FieldbenchError('invalid_input', `unknown command "${cmd}" (try "fieldbench help")`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fieldbench: ${msg}\n`);
    process.exit(err instanceof FieldbenchError && err.code === 'invalid_input' ? 2 : 1);
  },
);
