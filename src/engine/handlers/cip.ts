import type { CipIdentityCard } from '../../shared/contract';
import { FieldbenchError } from '../../shared/errors';
import type { CipConnection, Connection, Device } from '../../shared/project/schema';
import { CipDriver } from '../cip/cip-driver';
import { classInstancePath } from '../cip/epath';
import { deviceTypeName, listIdentityTcp, listIdentityUdp, vendorName, type CipIdentity } from '../cip/identity';
import { encodeRequest, SERVICE } from '../cip/messages';
import { CipSession } from '../cip/session';
import { browseTags } from '../cip/taglist';
import type { Handlers } from '../dispatch';
import { newId } from '../ids';
import type { EngineContext } from './context';

type CipHandlers = Pick<Handlers, 'cip.identify' | 'cip.discover' | 'devices.addCip' | 'cip.tags' | 'cip.link'>;

const card = (d: CipIdentity): CipIdentityCard => ({ ...d, vendor: vendorName(d.vendorId), deviceTypeName: deviceTypeName(d.deviceType) });

/** List Identity to one address: over TCP (an answer at once, a refusal named), then over UDP when TCP got none. */
async function identifyOne(host: string, port: number): Promise<CipIdentity> {
  let tcpError: FieldbenchError;
  try {
    const found = await listIdentityTcp(host, port, 3000);
    if (found[0]) return found[0];
    tcpError = new FieldbenchError('protocol_error', `${host}:${port} answered List Identity with no identity item`);
  } catch (err) {
    if (err instanceof FieldbenchError && err.code === 'protocol_error') throw err;
    tcpError = err instanceof FieldbenchError ? err : new FieldbenchError('connection_failed', `${host}:${port}: ${(err as Error).message}`);
  }
  const udp = await listIdentityUdp(host, port, 1500).catch(() => []);
  if (udp[0]) return udp[0];
  throw tcpError;
}

export function cipHandlers(engine: EngineContext): CipHandlers {
  return {
    'cip.identify': async ({ host, port }) => card(await identifyOne(host, port)),

    'cip.discover': async ({ address, port, timeoutMs }) => ({ devices: (await listIdentityUdp(address, port, timeoutMs)).map(card) }),

    'devices.addCip': async ({ name, host, port, routePath, check }) => {
      const p = engine.store.project;
      if (p.devices.some((d) => d.name === name)) throw new FieldbenchError('already_exists', `a device named "${name}" already exists`);
      const connection: CipConnection = { kind: 'cip', id: newId('conn'), name: `${host}:${port}`, host, port, routePath, timeoutMs: 3000 };
      const device: Device = { id: newId('dev'), name, protocol: 'cip', connectionId: connection.id };
      if (check) {
        // A trial connection through the route path: a controller that refuses it (wrong slot, nothing there) adds
        // nothing. Any CIP reply to a request on it will do (ab_server answers Get Attribute All with "not supported").
        const trial = new CipSession(connection);
        try {
          await trial.request(encodeRequest(SERVICE.GET_ATTRIBUTE_ALL, classInstancePath(0x01, 1)));
        } finally {
          await trial.close();
        }
      }
      engine.update((doc) => ({ ...doc, connections: [...doc.connections, connection], devices: [...doc.devices, device] }));
      return { device, connection: connection as Connection };
    },

    'cip.tags': async ({ deviceId }) => {
      const { device, driver } = engine.core.device(deviceId);
      if (!(driver instanceof CipDriver)) throw new FieldbenchError('invalid_input', `device "${device.name}" is ${device.protocol}, not an EtherNet/IP controller`);
      return { tags: await browseTags(driver.session) };
    },

    'cip.link': ({ deviceId }) => {
      const { device, driver } = engine.core.device(deviceId);
      if (!(driver instanceof CipDriver)) throw new FieldbenchError('invalid_input', `device "${device.name}" is ${device.protocol}, not an EtherNet/IP controller`);
      return Promise.resolve({ ...driver.session.info(), address: driver.session.address });
    },
  };
}
