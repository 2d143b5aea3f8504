import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { OpcUaPki } from '../../src/engine/opcua/pki';
import { OpcUaSession } from '../../src/engine/opcua/session';
import type { OpcUaBookmark, OpcUaCallOutcome, OpcUaMethod, OpcUaNodeInfo, OpcUaReadResult, OpcUaSearchStatus } from '../../src/shared/contract';
import type { AuditEntry, WriteOutcome, WriteTicket } from '../../src/shared/schemas/writes';
import { makeEngine, tempDir } from '../helpers/engine';
import { dispatcher } from '../helpers/opcua-dispatch';
import { startDemoOpcUa } from '../helpers/opcua-peer';
import type { Peer } from '../helpers/processes';

// Read, write and method call of browsed nodes through the engine's contract, against the demo server: a write and a
// call go through the one confirmation and audit path; nothing reaches the server before the confirmation.
const M = 'ns=1;s=Plant.Filling.Filler02';
let demo: Peer & { url: string };
const home = tempDir('fieldbench-demo-home-');
let engine: Engine;
let dir: string;
let dispose: () => Promise<void>;
let deviceId: string;
const { call, failure } = dispatcher(() => engine);

beforeAll(async () => {
  demo = await startDemoOpcUa(home.dir);
  ({ engine, dir, dispose } = await makeEngine());
  ({ device: { id: deviceId } } = await call<{ device: { id: string } }>('devices.addOpcUa', { name: 'demo', endpointUrl: demo.url }));
}, 90_000);

afterAll(async () => {
  await dispose?.();
  await OpcUaSession.closeAll();
  if (dir) await (await OpcUaPki.open(path.join(dir, 'data'))).dispose();
  await demo?.stop();
  home.cleanup();
});

const read = (nodeId: string) => call<OpcUaReadResult>('opcua.read', { deviceId, nodeId });
const audit = async (ticketId: string) => (await call<AuditEntry[]>('audit.list', {})).filter((e) => e.ticketId === ticketId);

describe('read, write and method call of browsed OPC UA nodes', () => {
  it('reads one node now, with its type, quality and timestamps; an unknown node is Bad with no value', async () => {
    const sp = await read(`${M}.Setpoint`);
    // The demo server defines every Setpoint as a Double starting at 50.
    expect(sp).toMatchObject({ value: 50, dataType: 'Double', array: false, quality: { status: 'good' }, statusCode: 'Good' });
    expect(Date.parse(sp.serverTimestamp!)).toBeGreaterThan(0);
    const vib = await read(`${M}.Vibration`);
    expect(vib.array).toBe(true);
    expect(vib.value).toHaveLength(8);
    const missing = await read('ns=1;s=Plant.NoSuchNode');
    expect(missing).toMatchObject({ value: null, quality: { status: 'bad' }, statusCode: 'BadNodeIdUnknown' });
    expect((await failure('opcua.read', { deviceId, nodeId: 'not a node' })).code).toBe('invalid_input');
  });

  it('writes a browsed variable only on confirmation, audits intent and outcome, and a cancelled write sends nothing', async () => {
    const ticket = await call<WriteTicket>('writes.prepare', { deviceId, nodeId: `${M}.Setpoint`, value: 72.5, note: 'node write test' });
    expect(ticket).toMatchObject({ oldValue: 50, newValue: 72.5, detail: { protocol: 'opcua', nodeId: `${M}.Setpoint`, dataType: 'Double', value: 72.5 } });
    expect((await read(`${M}.Setpoint`)).value).toBe(50);
    expect(await audit(ticket.ticketId)).toEqual([]);
    const outcome = await call<WriteOutcome>('writes.confirm', { ticketId: ticket.ticketId });
    expect(outcome).toMatchObject({ result: 'written', readBackValue: 72.5 });
    expect((await read(`${M}.Setpoint`)).value).toBe(72.5);
    const lines = await audit(ticket.ticketId);
    expect(lines.map((l) => [l.action, l.ok])).toEqual([
      ['write-intent', true],
      ['write', true],
    ]);
    expect(lines[0]).toMatchObject({ protocol: 'opcua', oldValue: 50, newValue: 72.5, note: 'node write test' });

    // Prepared, then cancelled: nothing written, nothing audited, and the ticket cannot be confirmed afterwards.
    const held = await call<WriteTicket>('writes.prepare', { deviceId, nodeId: `${M}.Setpoint`, value: 10 });
    await call('writes.cancel', { ticketId: held.ticketId });
    expect((await failure('writes.confirm', { ticketId: held.ticketId })).code).toBe('not_found');
    expect((await read(`${M}.Setpoint`)).value).toBe(72.5);
    expect(await audit(held.ticketId)).toEqual([]);

    // A read-only process value is refused at preparation, and a value that does not fit the type too.
    expect((await failure('writes.prepare', { deviceId, nodeId: `${M}.Temperature`, value: 1 })).code).toBe('forbidden');
    expect((await failure('writes.prepare', { deviceId, nodeId: `${M}.Mode`, value: 70000 })).message).toMatch(/does not fit Int16/);
  });

  it('reads a method signature from its InputArguments and OutputArguments', async () => {
    const m = await call<OpcUaMethod>('opcua.method', { deviceId, nodeId: `${M}.ApplyRecipe` });
    expect(m).toMatchObject({ methodId: `${M}.ApplyRecipe`, objectId: M, displayName: 'ApplyRecipe', executable: true });
    expect(m.inputs.map((a) => [a.name, a.dataType, a.builtIn, a.valueRank])).toEqual([
      ['Recipe', 'String', 'String', -1],
      ['Setpoint', 'Double', 'Double', -1],
    ]);
    expect(m.outputs.map((a) => [a.name, a.dataType])).toEqual([
      ['Accepted', 'Boolean'],
      ['PreviousSetpoint', 'Double'],
    ]);
    expect((await call<OpcUaMethod>('opcua.method', { deviceId, nodeId: 'ns=1;s=Plant.Scale' })).inputs[0]).toMatchObject({ name: 'Values', valueRank: 1 });
    expect((await failure('opcua.method', { deviceId, nodeId: `${M}.Setpoint` })).message).toMatch(/not a method/);
  });

  it('calls a method only on confirmation, audited as a write, and shows what it answered', async () => {
    const before = (await read(`${M}.Setpoint`)).value;
    const ticket = await call<WriteTicket>('opcua.prepareCall', { deviceId, methodId: `${M}.ApplyRecipe`, inputs: ['Night shift', '80'], note: 'call test' });
    expect(ticket.detail).toMatchObject({ protocol: 'opcua-call', objectId: M, inputs: [{ name: 'Recipe', value: 'Night shift' }, { name: 'Setpoint', dataType: 'Double', value: 80 }] });
    expect((await read(`${M}.Recipe`)).value).toBe('Standard');
    const done = await call<OpcUaCallOutcome>('opcua.confirmCall', { ticketId: ticket.ticketId });
    // ApplyRecipe answers the setpoint it replaced: the one this test read before the call.
    expect(done.outputs).toEqual([
      { name: 'Accepted', dataType: 'Boolean', value: true },
      { name: 'PreviousSetpoint', dataType: 'Double', value: before },
    ]);
    expect((await read(`${M}.Setpoint`)).value).toBe(80);
    expect((await read(`${M}.Recipe`)).value).toBe('Night shift');
    const lines = await audit(ticket.ticketId);
    expect(lines.map((l) => [l.action, l.ok, l.protocol])).toEqual([
      ['write-intent', true, 'opcua-call'],
      ['write', true, 'opcua-call'],
    ]);
    expect(lines[1]!.result).toMatch(/PreviousSetpoint=/);

    // Scale computes each value times the factor and their sum.
    const scale = await call<WriteTicket>('opcua.prepareCall', { deviceId, methodId: 'ns=1;s=Plant.Scale', inputs: ['[1.5, 2, -4]', 3] });
    const scaled = await call<OpcUaCallOutcome>('opcua.confirmCall', { ticketId: scale.ticketId });
    expect(scaled.outputs.map((o) => o.value)).toEqual([['4.5', '6', '-12'], -1.5]);
  });

  it('refuses a call with inputs of the wrong type or count, and audits a call the server refuses', async () => {
    const wrong = await failure('opcua.prepareCall', { deviceId, methodId: `${M}.ApplyRecipe`, inputs: ['x', 'hot'] });
    expect(wrong.code).toBe('invalid_input');
    expect(wrong.message).toMatch(/Setpoint/);
    expect((await failure('opcua.prepareCall', { deviceId, methodId: `${M}.ApplyRecipe`, inputs: ['x'] })).message).toMatch(/takes 2 input/);
    const ticket = await call<WriteTicket>('opcua.prepareCall', { deviceId, methodId: `${M}.ApplyRecipe`, inputs: ['Too hot', 500] });
    const refused = await failure('opcua.confirmCall', { ticketId: ticket.ticketId });
    expect(refused.message).toMatch(/BadOutOfRange/);
    expect((await read(`${M}.Setpoint`)).value).toBe(80);
    expect((await audit(ticket.ticketId)).map((l) => [l.action, l.ok])).toEqual([
      ['write-intent', true],
      ['write', false],
    ]);
  });
});

describe('attributes and references of a node', () => {
  const info = (nodeId: string) => call<OpcUaNodeInfo>('opcua.node', { deviceId, nodeId });
  const attrs = async (nodeId: string) => Object.fromEntries((await info(nodeId)).attributes.map((a) => [a.name, a.text]));

  it('decodes every attribute as the demo server defines it', async () => {
    // Setpoint: a read-write Double with a description; Temperature: read-only, sampled at most every 100 ms.
    const sp = await attrs('ns=1;s=Plant.Packaging.Packer01.Setpoint');
    expect(sp).toMatchObject({
      NodeId: 'ns=1;s=Plant.Packaging.Packer01.Setpoint',
      NodeClass: 'Variable',
      BrowseName: '1:Setpoint',
      DisplayName: 'Setpoint',
      Description: 'Temperature setpoint, °C',
      DataType: 'Double (i=11)',
      ValueRank: '-1 (scalar)',
      AccessLevel: 'CurrentRead, CurrentWrite',
      UserAccessLevel: 'CurrentRead, CurrentWrite',
      Historizing: 'false',
      Value: '50',
    });
    const t = await attrs('ns=1;s=Plant.Packaging.Packer01.Temperature');
    expect(t).toMatchObject({ AccessLevel: 'CurrentRead', UserAccessLevel: 'CurrentRead', MinimumSamplingInterval: '100 ms', Description: 'Process temperature, °C' });
    const vib = await attrs('ns=1;s=Plant.Packaging.Packer01.Vibration');
    expect(vib).toMatchObject({ ValueRank: '1 (one-dimensional array)', ArrayDimensions: '[8]', DataType: 'Double (i=11)' });
    expect((await attrs('ns=1;s=Plant.Packaging.Packer01.Types.UInt32')).DataType).toBe('UInt32 (i=7)');
    // An object has no Value, DataType or AccessLevel; it has an EventNotifier.
    const machine = await attrs('ns=1;s=Plant.Packaging.Packer01');
    expect(machine).toMatchObject({ NodeClass: 'Object', EventNotifier: 'none' });
    expect(machine).not.toHaveProperty('DataType');
    expect(machine).not.toHaveProperty('AccessLevel');
    const method = await attrs('ns=1;s=Plant.Packaging.Packer01.ApplyRecipe');
    expect(method).toMatchObject({ NodeClass: 'Method', Executable: 'true', UserExecutable: 'true' });
    expect((await failure('opcua.node', { deviceId, nodeId: 'ns=1;s=Plant.Nothing' })).code).toBe('not_found');
  });

  it('lists references both ways with their type by name', async () => {
    const sp = (await info('ns=1;s=Plant.Packaging.Packer01.Setpoint')).references;
    expect(sp).toContainEqual(expect.objectContaining({ referenceType: 'HasComponent', direction: 'inverse', targetNodeId: 'ns=1;s=Plant.Packaging.Packer01', targetBrowseName: '1:Packer01', targetNodeClass: 'Object' }));
    expect(sp).toContainEqual(expect.objectContaining({ referenceType: 'HasTypeDefinition', direction: 'forward', targetBrowseName: 'BaseDataVariableType' }));
    const m = (await info('ns=1;s=Plant.Packaging.Packer01')).references;
    expect(m).toContainEqual(expect.objectContaining({ referenceType: 'Organizes', direction: 'inverse', targetNodeId: 'ns=1;s=Plant.Packaging' }));
    expect(m).toContainEqual(expect.objectContaining({ referenceType: 'HasComponent', direction: 'forward', targetNodeId: 'ns=1;s=Plant.Packaging.Packer01.ApplyRecipe', targetNodeClass: 'Method' }));
    // Every variable, method and folder the demo gives a machine, forward.
    const forward = m.filter((r) => r.direction === 'forward' && r.referenceType === 'HasComponent').map((r) => r.targetBrowseName);
    expect(forward).toEqual(expect.arrayContaining(['1:Temperature', '1:Setpoint', '1:Types', '1:ApplyRecipe']));
  });
});

describe('deep search by browse name, and bookmarks', () => {
  const finished = async (searchId: string): Promise<OpcUaSearchStatus> => {
    for (let i = 0; i < 300; i++) {
      const s = await call<OpcUaSearchStatus>('opcua.searchStatus', { searchId });
      if (s.state !== 'running') return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the search did not finish');
  };

  it('finds every node whose name holds the text, with the path the tree opens to show it', async () => {
    const started = await call<OpcUaSearchStatus>('opcua.search', { deviceId, text: 'applyrecipe' });
    const done = await finished(started.searchId);
    expect(done.state).toBe('done');
    // One ApplyRecipe per machine: the demo says how many machines it has.
    const machines = Number(/(\d+) machines/.exec(demo.output())![1]);
    expect(done.hits).toHaveLength(machines);
    expect(done.hits.find((h) => h.nodeId === `${M}.ApplyRecipe`)).toMatchObject({
      browseName: '1:ApplyRecipe',
      nodeClass: 'Method',
      path: ['ns=1;s=Plant', 'ns=1;s=Plant.Filling', M, `${M}.ApplyRecipe`],
    });
    expect(done.visited).toBeGreaterThan(machines * 20);
  });

  it('stops at its node bound and when cancelled, saying so', async () => {
    const bounded = await finished((await call<OpcUaSearchStatus>('opcua.search', { deviceId, text: 'Setpoint', maxNodes: 50 })).searchId);
    expect(bounded).toMatchObject({ state: 'done', visited: 50, note: 'stopped after 50 nodes' });
    const all = await finished((await call<OpcUaSearchStatus>('opcua.search', { deviceId, text: 'zzz-no-such-name' })).searchId);
    expect(all).toMatchObject({ state: 'done', hits: [] });
    const started = await call<OpcUaSearchStatus>('opcua.search', { deviceId, text: 'zzz-no-such-name' });
    await call('opcua.searchCancel', { searchId: started.searchId });
    const cancelled = await finished(started.searchId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.visited).toBeLessThan(all.visited);
    expect((await failure('opcua.searchStatus', { searchId: 'nope' })).code).toBe('not_found');
  });

  it('keeps bookmarks per server in the data folder, shared by every device on that server', async () => {
    await call('opcua.bookmarkAdd', { deviceId, nodeId: `${M}.Setpoint`, name: 'Filler02 setpoint' });
    await call('opcua.bookmarkAdd', { deviceId, nodeId: `${M}.ApplyRecipe`, name: 'Filler02 recipe' });
    const again = await call<OpcUaBookmark[]>('opcua.bookmarkAdd', { deviceId, nodeId: `${M}.Setpoint`, name: 'Setpoint (renamed)' });
    expect(again.map((b) => [b.nodeId, b.name])).toEqual([
      [`${M}.ApplyRecipe`, 'Filler02 recipe'],
      [`${M}.Setpoint`, 'Setpoint (renamed)'],
    ]);
    const other = await call<{ device: { id: string } }>('devices.addOpcUa', { name: 'demo again', endpointUrl: `${demo.url}/`, check: false });
    expect((await call<OpcUaBookmark[]>('opcua.bookmarks', { deviceId: other.device.id })).map((b) => b.nodeId)).toEqual([`${M}.ApplyRecipe`, `${M}.Setpoint`]);
    await call('opcua.bookmarkRemove', { deviceId: other.device.id, nodeId: `${M}.ApplyRecipe` });
    const file = JSON.parse(readFileSync(path.join(dir, 'data', 'opcua-bookmarks.json'), 'utf8')) as { servers: Record<string, { nodeId: string }[]> };
    expect(file.servers[demo.url]!.map((b) => b.nodeId)).toEqual([`${M}.Setpoint`]);
    // Not in the project.
    // Not in the project: once it is autosaved with the second device, no file but the bookmarks holds them.
    const files = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('opcua-bookmarks')).map((e) => path.join(e.parentPath, e.name));
    for (let i = 0; i < 100 && !files().some((f) => readFileSync(f, 'utf8').includes('demo again')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(files().filter((f) => readFileSync(f, 'utf8').includes('demo again')).length).toBeGreaterThan(0);
    for (const f of files()) expect(readFileSync(f, 'utf8'), f).not.toContain('Setpoint (renamed)');
  });
});
