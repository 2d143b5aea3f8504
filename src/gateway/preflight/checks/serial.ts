import { error, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

/**
 * Serial lines on the edge device: the port the laptop used must exist there under the same name. A Windows COM name
 * cannot; /dev/ttyUSBn is numbered in plug order and may move; /dev/serial/by-id/... names the adapter itself.
 */
export const checkSerial: PreflightCheck = ({ config, target }) =>
  config.connections.flatMap((c) => {
    if (c.kind !== 'rtu') return [];
    const where = `connection "${c.name}"`;
    if (/^COM\d+$/i.test(c.path) && target !== null && target !== undefined && target.startsWith('linux')) {
      return [error('serial', `${c.path} is a Windows port name; the ${target} gateway cannot open it`, where, 'set the path the edge device uses, e.g. /dev/serial/by-id/usb-FTDI_…-if00-port0')];
    }
    if (c.path.startsWith('/dev/serial/by-id/')) return [ok('serial', `${c.path}: names the adapter, not its plug order`, where)];
    return [warning('serial', `${c.path} must be the same adapter on the edge device; /dev/tty* numbers follow plug order`, where, 'use the adapter\'s /dev/serial/by-id/… path, as listed by "fieldbench ports" on the edge device')];
  });
