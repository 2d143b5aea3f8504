import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import { OpcUaSession } from '../../src/engine/opcua/session';
import type { OpcUaCallOutcome, OpcUaMethod, OpcUaNodeInfo, OpcUaReadResult } from '../../src/shared/contract';
import type { AuditEntry, WriteOutcome, WriteTicket } from '../../src/shared/schemas/writes';
import { makeEngine } from '../helpers/engine';
import { dispatcher } from '../helpers/opcua-dispatch';
import { startOpen62541, type Open62541 } from '../helpers/opcua-peer';

// Read, write, method call, attributes and references against open62541's server_ctt (../shared/peers): a server
// that is not node-opcua. Its conformance nodes: ns=1;i=51031 a writable Double under Scalar (ns=1;i=50001); methods
// under ns=1;i=50000 and the tutorial's hello_world (ns=1;i=62541) on Objects, which greets the name it is given.
const DOUBLE = 'ns=1;i=51031';
let server: Open62541;
let engine: Engine;
let dir: string;
let dispose: () => Promise<void>;
let deviceId: string;
const { call, failure } = dispatcher(() => engine);

beforeAll(async () => {
  server = await startOpen62541();
  ({ engine, dir, dispose } = await makeEngine());
  ({ device: { id: deviceId } } = await call<{ device: { id: string } }>('devices.addOpcUa', { name: 'open62541', endpointUrl: server.url }));
}, 90_000);

afterAll(async () => {
  await dispose?.();
  await OpcUaSession.closeAll();
  if (dir) await (await OpcUaPki.open(path.join(dir, 'data'))).dispose();
  await server?.stop();
});

describe('browsed nodes of open62541', () => {
  it('writes a variable only on confirmation, audited, and reads it back', async () => {
    const ticket = await call<WriteTicket>('writes.prepare', { deviceId, nodeId: DOUBLE, value: 12.25, note: 'open62541 write' });
    expect(ticket.detail).toMatchObject({ protocol: 'opcua', dataType: 'Double', value: 12.25 });
    const before = await call<OpcUaReadResult>('opcua.read', { deviceId, nodeId: DOUBLE });
    expect(before.value).not.toBe(12.25);
    expect(await call<WriteOutcome>('writes.confirm', { ticketId: ticket.ticketId })).toMatchObject({ result: 'written', readBackValue: 12.25 });
    expect(await call<OpcUaReadResult>('opcua.read', { deviceId, nodeId: DOUBLE })).toMatchObject({ value: 12.25, dataType: 'Double', quality: { status: 'good' } });
    const audit = (await call<AuditEntry[]>('audit.list', {})).filter((e) => e.ticketId === ticket.ticketId);
    expect(audit.map((e) => [e.action, e.ok])).toEqual([
      ['write-intent', true],
      ['write', true],
    ]);
  });

  it('calls a method with an input argument read from its InputArguments, and shows its output', async () => {
    const m = await call<OpcUaMethod>('opcua.method', { deviceId, nodeId: 'ns=1;i=62541' });
    expect(m).toMatchObject({ objectId: 'i=85', inputs: [{ name: 'Name', dataType: 'String', builtIn: 'String' }], outputs: [{ name: 'greeting', dataType: 'String' }] });
    const ticket = await call<WriteTicket>('opcua.prepareCall', { deviceId, methodId: 'ns=1;i=62541', inputs: ['Fieldbench'] });
    const done = await call<OpcUaCallOutcome>('opcua.confirmCall', { ticketId: ticket.ticketId });
    expect(done.outputs).toEqual([{ name: 'greeting', dataType: 'String', value: 'Hello Fieldbench' }]);
    // A method with no arguments at all (neither property) is described and called too.
    expect(await call<OpcUaMethod>('opcua.method', { deviceId, nodeId: 'ns=1;i=60000' })).toMatchObject({ inputs: [], outputs: [] });
    const none = await call<WriteTicket>('opcua.prepareCall', { deviceId, methodId: 'ns=1;i=60000', inputs: [] });
    expect((await call<OpcUaCallOutcome>('opcua.confirmCall', { ticketId: none.ticketId })).status).toBe('Good');
    expect((await failure('opcua.prepareCall', { deviceId, methodId: 'ns=1;i=60003', inputs: [2 ** 40] })).message).toMatch(/does not fit Int32/);
  });

  it('decodes the attributes and references of a variable', async () => {
    const info = await call<OpcUaNodeInfo>('opcua.node', { deviceId, nodeId: DOUBLE });
    const a = Object.fromEntries(info.attributes.map((x) => [x.name, x.text]));
    expect(a).toMatchObject({ NodeClass: 'Variable', BrowseName: '1:Double', DataType: 'Double (i=11)', ValueRank: '-1 (scalar)', AccessLevel: 'CurrentRead, CurrentWrite', Historizing: 'false' });
    expect(info.references).toContainEqual(expect.objectContaining({ referenceType: 'Organizes', direction: 'inverse', targetNodeId: 'ns=1;i=50001', targetBrowseName: '1:Scalar' }));
    expect(info.references).toContainEqual(expect.objectContaining({ referenceType: 'HasTypeDefinition', direction: 'forward', targetBrowseName: 'BaseDataVariableType' }));
  });
});
