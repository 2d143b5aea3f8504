import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CipSession } from '../../src/engine/cip/session';
import { startCipSim, type CipSim } from '../../src/engine/cip/sim/sim-server';
import { browseTags } from '../../src/engine/cip/taglist';
import { childrenOf, indexTags, isPickable, isWritable, nodeOf, sourceOf, treeLines, type CipNode, type TagIndex } from '../../src/renderer/src/screens/cip/tagTree';
import { cipCore, cipProject } from '../helpers/cip-peer';

// The EtherNet/IP screen's tag tree over the simulator's real tag list: the rows an operator opens and ticks become
// tag sources, and every such source reads Good from the controller it was listed by.
let sim: CipSim;
let index: TagIndex;

beforeAll(async () => {
  sim = await startCipSim({ port: 0, tickMs: 50 });
  const session = new CipSession({ host: '127.0.0.1', port: sim.port, routePath: '1,0', timeoutMs: 3000 });
  try {
    index = indexTags(await browseTags(session));
  } finally {
    await session.close();
  }
});
afterAll(async () => {
  await sim?.close();
});

/** Open rows by key from the top, as the operator clicks carets. */
function open(...keys: string[]): Map<string, CipNode> {
  const lines = treeLines(index, Object.fromEntries(keys.map((k) => [k, true])), '');
  return new Map(lines.flatMap((l) => (l.kind === 'node' ? [[l.node.key, l.node] as const] : [])));
}

describe('the controller tag tree', () => {
  it('opens arrays into elements (every dimension) and UDTs into members, down to single values', () => {
    const rows = open('Matrix', 'Motors', 'Motors[1]', 'Motors[1].Status', 'Motor_1', 'Motor_1.Setpoints', 'Program:MainProgram.Temps');
    expect([...rows.keys()].filter((k) => k.startsWith('Matrix['))).toEqual(['Matrix[0,0]', 'Matrix[0,1]', 'Matrix[0,2]', 'Matrix[0,3]', 'Matrix[1,0]', 'Matrix[1,1]', 'Matrix[1,2]', 'Matrix[1,3]', 'Matrix[2,0]', 'Matrix[2,1]', 'Matrix[2,2]', 'Matrix[2,3]']);
    expect(isPickable(rows.get('Matrix')!)).toBe(false);
    // A UDT element reads whole, as its members; it is written one member at a time.
    expect(isPickable(rows.get('Motors[1]')!)).toBe(true);
    expect(isWritable(rows.get('Motors[1]')!)).toBe(false);
    expect(isWritable(rows.get('Motors[1].Status.Code')!)).toBe(true);
    expect(sourceOf(rows.get('Matrix[2,3]')!)).toEqual({ kind: 'cip', tagPath: 'Matrix', element: [2, 3], dataType: 'INT' });
    expect(sourceOf(rows.get('Motors[1].Status.Code')!)).toEqual({ kind: 'cip', tagPath: 'Motors', element: [1], member: 'Status.Code', dataType: 'INT' });
    expect(sourceOf(rows.get('Motor_1.Setpoints[2]')!)).toEqual({ kind: 'cip', tagPath: 'Motor_1', member: 'Setpoints[2]', dataType: 'REAL' });
    expect(sourceOf(rows.get('Program:MainProgram.Temps[3]')!)).toEqual({ kind: 'cip', tagPath: 'Program:MainProgram.Temps', element: [3], dataType: 'REAL' });
    expect(rows.get('Motors[1].Status.Code')!.label).toBe('Code');
    expect(rows.get('Matrix[2,3]')!.label).toBe('[2,3]');
  });

  it('filters by name or type into a flat list; a member of an array of UDTs there asks for its element first', () => {
    const flat = treeLines(index, {}, 'status.code').flatMap((l) => (l.kind === 'node' ? [l.node] : []));
    expect(flat.map((n) => n.key).sort()).toEqual(['Motor_1.Status.Code', 'Motors.Status.Code']);
    expect(isPickable(flat.find((n) => n.key === 'Motor_1.Status.Code')!)).toBe(true);
    expect(isPickable(flat.find((n) => n.key === 'Motors.Status.Code')!)).toBe(false);
    const lreal = treeLines(index, {}, 'lreal').flatMap((l) => (l.kind === 'node' ? [l.node.key] : []));
    expect(lreal).toContain('Test_LREAL');
    expect(lreal.every((k) => index.byName.get(k)!.dataType === 'LREAL' || k.toLowerCase().includes('lreal'))).toBe(true);
  });

  it('lists at most 1000 elements of an opened array and says how many more there are', () => {
    const big: CipNode = { ...nodeOf(index.byName.get('Counts')!, index), dims: [40, 50] };
    const { nodes, more } = childrenOf(big, index);
    expect(nodes).toHaveLength(1000);
    expect(more).toBe(1000);
  });

  it('every picked source reads Good from the controller', async () => {
    const rows = open('Matrix', 'Motors', 'Motors[1]', 'Motors[1].Status', 'Motor_1', 'Motor_1.Status', 'Motor_1.Setpoints', 'Program:MainProgram.Temps');
    const picked = ['Counter', 'Motors[1]', 'Motor_1.Status', 'Matrix[2,3]', 'Motors[1].Status.Code', 'Motor_1.Status.Code', 'Motor_1.Setpoints[2]', 'Motor_1.Name', 'Message', 'Program:MainProgram.Temps[3]'];
    const { core, dispose } = cipCore();
    try {
      core.load(cipProject(sim.port, picked.map((k) => ({ name: k, source: sourceOf(rows.get(k)!) }))), { acquire: false });
      const readings = await core.readOnce('dev');
      expect(readings.map((r) => [r.name, r.quality.status])).toEqual(picked.map((k) => [k, 'good']));
      // A whole UDT reads as its members, nested ones included.
      expect(readings.find((r) => r.name === 'Motor_1.Status')!.value).toEqual(['Fault=false', 'Code=0', 'Hours=0']);
      expect((readings.find((r) => r.name === 'Motors[1]')!.value as string[]).map((m) => m.split('=')[0])).toEqual(['Running', 'Speed', 'Starts', 'Status.Fault', 'Status.Code', 'Status.Hours', 'Name', 'Setpoints[0]', 'Setpoints[1]', 'Setpoints[2]', 'Setpoints[3]']);
    } finally {
      await dispose();
    }
  });
});
