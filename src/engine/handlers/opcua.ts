import type { CertificateTrust, OpcUaCertificate } from '../../shared/contract';
import { FieldbenchError } from '../../shared/errors';
import type { Connection, Device, OpcUaConnection } from '../../shared/project/schema';
import type { Handlers } from '../dispatch';
import { newId } from '../ids';
import { Browser, OBJECTS_FOLDER } from '../opcua/browse';
import type { CertificateInfo } from '../opcua/cert-info';
import { discover } from '../opcua/discovery';
import { methodSignature, prepareOpcUaCall, type PreparedCall } from '../opcua/method';
import { BookmarkStore } from '../opcua/bookmarks';
import { nodeInfo } from '../opcua/node-info';
import { NodeSearch } from '../opcua/search';
import { readNodeValue } from '../opcua/node-read';
import { OpcUaDriver } from '../opcua/opcua-driver';
import { OpcUaPki } from '../opcua/pki';
import { MemorySecretStore } from '../opcua/secrets';
import { OpcUaSession } from '../opcua/session';
import type { EngineContext } from './context';

type OpcUaHandlers = Pick<
  Handlers,
  'opcua.discover' | 'devices.addOpcUa' | 'opcua.browse' | 'opcua.certificates' | 'opcua.trust' | 'opcua.reject' | 'opcua.read' | 'opcua.node' | 'opcua.method'
  | 'opcua.search'
  | 'opcua.searchStatus'
  | 'opcua.searchCancel'
  | 'opcua.bookmarks'
  | 'opcua.bookmarkAdd'
  | 'opcua.bookmarkRemove' | 'opcua.prepareCall' | 'opcua.confirmCall'
>;

/** A certificate as the contract carries it: no file paths of the data folder. */
const plain = (c: CertificateInfo): OpcUaCertificate => ({
  subject: c.subject,
  issuer: c.issuer,
  thumbprint: c.thumbprint,
  notBefore: c.notBefore,
  notAfter: c.notAfter,
  applicationUri: c.applicationUri,
  selfSigned: c.selfSigned,
});

export function opcuaHandlers(engine: EngineContext): OpcUaHandlers {
  const env = engine.opcua;
  const pki = () => OpcUaPki.open(env.dataDir, { watch: env.watchPki });
  /** One browser per session: it remembers DataType names between calls. */
  const browsers = new WeakMap<OpcUaSession, Browser>();
  /** Method calls prepared and not yet confirmed, by ticket: what they answer is picked up on confirmation. */
  const calls = new Map<string, PreparedCall>();
  const sessionOf = (deviceId: string): OpcUaSession => {
    const { device, driver } = engine.core.device(deviceId);
    if (!(driver instanceof OpcUaDriver)) throw new FieldbenchError('invalid_input', `device "${device.name}" is ${device.protocol}, not an OPC UA server`);
    return driver.session;
  };
  const browserOf = (session: OpcUaSession): Browser => {
    let browser = browsers.get(session);
    if (!browser) browsers.set(session, (browser = new Browser(session)));
    return browser;
  };
  /** Deep searches by id: running ones, and finished ones for a minute so the last poll sees the end. */
  const searches = new Map<string, NodeSearch>();
  const searchOf = (searchId: string): NodeSearch => {
    const s = searches.get(searchId);
    if (!s) throw new FieldbenchError('not_found', 'no such search (it finished over a minute ago, or never started)');
    return s;
  };
  const bookmarks = new BookmarkStore(env.dataDir);
  const urlOf = (deviceId: string) => sessionOf(deviceId).url;

  return {
    'opcua.discover': async ({ url }) => {
      const store = await pki();
      const found = await discover(url, store);
      const lists = await store.list();
      const trusted = new Set(lists.trusted.map((c) => c.thumbprint));
      const rejected = new Set(lists.rejected.map((c) => c.thumbprint));
      const trustOf = (t: string | undefined): CertificateTrust => (t && trusted.has(t) ? 'trusted' : t && rejected.has(t) ? 'rejected' : 'unknown');
      return {
        url: found.url,
        servers: found.servers,
        endpoints: found.endpoints.map((e) => ({ ...e, certificate: e.certificate ? plain(e.certificate) : null, trust: trustOf(e.certificate?.thumbprint) })),
      };
    },

    'devices.addOpcUa': async ({ name, endpointUrl, securityMode, securityPolicy, identity, check }) => {
      const p = engine.store.project;
      if (p.devices.some((d) => d.name === name)) throw new FieldbenchError('already_exists', `a device named "${name}" already exists`);
      const connection: OpcUaConnection = {
        kind: 'opcua',
        id: newId('conn'),
        name: endpointUrl.replace(/^opc\.tcp:\/\//, ''),
        endpointUrl,
        securityMode,
        securityPolicy,
        identity: identity.kind === 'username' ? { kind: 'username', userName: identity.userName } : { kind: 'anonymous' },
        sessionTimeoutMs: 120_000,
        requestTimeoutMs: 10_000,
      };
      const password = identity.kind === 'username' ? identity.password : null;
      if (check) {
        // A trial session with the password held in memory: an untrusted certificate or a refused login adds nothing.
        const trial = new OpcUaSession(connection, { ...env, secrets: new MemorySecretStore(password === null ? {} : { [connection.id]: password }) });
        try {
          await trial.open();
        } finally {
          await trial.close();
        }
      }
      if (password !== null) await env.secrets.setPassword(connection.id, password);
      const device: Device = { id: newId('dev'), name, protocol: 'opcua', connectionId: connection.id };
      engine.update((doc) => ({ ...doc, connections: [...doc.connections, connection], devices: [...doc.devices, device] }));
      return { device, connection: connection as Connection };
    },

    'opcua.browse': async ({ deviceId, nodeId }) => {
      const { device, driver } = engine.core.device(deviceId);
      if (!(driver instanceof OpcUaDriver)) throw new FieldbenchError('invalid_input', `device "${device.name}" is ${device.protocol}, not an OPC UA server`);
      let browser = browsers.get(driver.session);
      if (!browser) browsers.set(driver.session, (browser = new Browser(driver.session)));
      const parent = nodeId ?? OBJECTS_FOLDER;
      const children = (await browser.children([parent])).get(parent) ?? [];
      return {
        nodeId: parent,
        children: children.map((n) => ({ nodeId: n.nodeId, browseName: n.browseName, displayName: n.displayName, nodeClass: n.nodeClass, dataType: n.dataType, valueRank: n.valueRank, hasChildren: n.hasChildren })),
      };
    },

    'opcua.certificates': async () => {
      const lists = await (await pki()).list();
      return { own: plain(lists.own), trusted: lists.trusted.map(plain), rejected: lists.rejected.map(plain) };
    },

    'opcua.trust': async ({ thumbprint }) => plain(await (await pki()).trust(thumbprint)),

    'opcua.reject': async ({ thumbprint }) => plain(await (await pki()).reject(thumbprint)),

    'opcua.read': async ({ deviceId, nodeId }) => readNodeValue(sessionOf(deviceId), nodeId),

    'opcua.search': async ({ deviceId, text, rootId, maxNodes, maxDepth, maxHits }) => {
      const search = new NodeSearch(browserOf(sessionOf(deviceId)), newId('search'), text, rootId ?? OBJECTS_FOLDER, { maxNodes, maxDepth, maxHits });
      searches.set(search.status.searchId, search);
      void search.run().then(() => setTimeout(() => searches.delete(search.status.searchId), 60_000).unref?.());
      return { ...search.status, hits: [...search.status.hits] };
    },

    'opcua.searchStatus': async ({ searchId }) => {
      const { status } = searchOf(searchId);
      return { ...status, hits: [...status.hits] };
    },

    'opcua.searchCancel': async ({ searchId }) => {
      const search = searchOf(searchId);
      search.cancel();
      return { ...search.status, hits: [...search.status.hits] };
    },

    'opcua.bookmarks': async ({ deviceId }) => bookmarks.list(urlOf(deviceId)),
    'opcua.bookmarkAdd': async ({ deviceId, nodeId, name, path }) => bookmarks.add(urlOf(deviceId), nodeId, name, path),
    'opcua.bookmarkRemove': async ({ deviceId, nodeId }) => bookmarks.remove(urlOf(deviceId), nodeId),

    'opcua.node': async ({ deviceId, nodeId }) => nodeInfo(sessionOf(deviceId), nodeId),

    'opcua.method': async ({ deviceId, nodeId }) => methodSignature(sessionOf(deviceId), nodeId),

    'opcua.prepareCall': async ({ deviceId, methodId, objectId, inputs, note }) => {
      const call = await prepareOpcUaCall(sessionOf(deviceId), methodId, objectId, inputs);
      const ticket = engine.core.holdWrite(deviceId, call.prepared, note);
      calls.set(ticket.ticketId, call);
      // A ticket lives a minute; forget the call with it whether or not it is confirmed.
      setTimeout(() => calls.delete(ticket.ticketId), Math.max(0, ticket.expiresAt - Date.now()) + 1000).unref?.();
      return ticket;
    },

    'opcua.confirmCall': async ({ ticketId }) => {
      const call = calls.get(ticketId);
      calls.delete(ticketId);
      if (!call) throw new FieldbenchError('not_found', 'no method call is waiting for confirmation under this ticket (already sent, cancelled, or never prepared)');
      const outcome = await engine.core.confirmWrite(ticketId);
      const answer = call.result();
      return { outcome, status: answer?.status ?? 'Good', outputs: answer?.outputs ?? [] };
    },
  };
}
