import type { AddressSpace, UAVariable } from 'node-opcua';
import { addApplyRecipe, addScale } from './demo-methods';
import type { OpcUa } from './lib';

/** The demo plant: areas of machines, each with live process values, settings an operator writes, and every scalar type. */
export const DEMO_AREAS = [
  { name: 'Mixing', machine: 'Mixer' },
  { name: 'Filling', machine: 'Filler' },
  { name: 'Packaging', machine: 'Packer' },
] as const;

/** The fastest the demo samples its process values (their MinimumSamplingInterval). */
export const DEMO_SAMPLING_MS = 100;

/** One of each built-in scalar type, writable, under each machine's Types folder: [name, initial value]. */
const SCALARS: [string, (ua: OpcUa) => unknown][] = [
  ['Boolean', () => false],
  ['SByte', () => -5],
  ['Byte', () => 200],
  ['Int16', () => -1234],
  ['UInt16', () => 54321],
  ['Int32', () => -123456],
  ['UInt32', () => 3_000_000_000],
  ['Int64', () => [0xffffffff, 0xfffffc18]],
  ['UInt64', () => [1, 0]],
  ['Float', () => 1.5],
  ['Double', () => Math.PI],
  ['String', () => 'hello'],
  ['DateTime', () => new Date('2026-01-01T00:00:00Z')],
  ['Guid', () => '72962B91-FA75-4AE6-8D28-B404DC7DAF63'],
  ['ByteString', () => Buffer.from('Fieldbench')],
  ['LocalizedText', (ua) => new ua.LocalizedText({ text: 'Demo', locale: 'en' })],
];

export interface DemoSpace {
  variables: number;
  machines: number;
  /** Move the process values one step (t in seconds since start). */
  step(t: number): void;
}

interface Moving {
  temperature: UAVariable;
  pressure: UAVariable;
  speed: UAVariable;
  running: UAVariable;
  counter: UAVariable;
  state: UAVariable;
  vibration: UAVariable;
  phase: number;
}

/**
 * Build the demo plant in the server's own namespace (ns=1), NodeIds as their path: ns=1;s=Plant.Mixing.Mixer01.Temperature.
 * Process values are read-only and move; Setpoint, Mode, Recipe, Enabled and the Types folder are read-write.
 * Each machine has a method ApplyRecipe; the plant has a method Scale (see demo-methods.ts).
 */
export function buildDemoSpace(ua: OpcUa, addressSpace: AddressSpace, machinesPerArea: number): DemoSpace {
  const ns = addressSpace.getOwnNamespace();
  const objects = addressSpace.rootFolder.objects;
  const RO = ua.makeAccessLevelFlag('CurrentRead');
  const RW = ua.makeAccessLevelFlag('CurrentRead | CurrentWrite');
  const plant = ns.addFolder(objects, { browseName: 'Plant', nodeId: 's=Plant' });
  const moving: Moving[] = [];
  let variables = 0;
  const variable = (parent: object, id: string, browseName: string, dataType: string, value: unknown, writable: boolean, array?: number, extra: { description?: string; minimumSamplingInterval?: number } = {}) => {
    variables++;
    const type = ua.DataType[dataType as keyof typeof ua.DataType] as number;
    return ns.addVariable({
      componentOf: parent as never,
      browseName,
      nodeId: `s=${id}`,
      dataType,
      accessLevel: writable ? RW : RO,
      userAccessLevel: writable ? RW : RO,
      ...(array ? { valueRank: 1, arrayDimensions: [array] } : {}),
      ...(extra.description ? { description: extra.description } : {}),
      ...(extra.minimumSamplingInterval !== undefined ? { minimumSamplingInterval: extra.minimumSamplingInterval } : {}),
      value: new ua.Variant({ dataType: type, arrayType: array ? ua.VariantArrayType.Array : ua.VariantArrayType.Scalar, value }),
    });
  };
  for (const area of DEMO_AREAS) {
    const areaPath = `Plant.${area.name}`;
    const areaFolder = ns.addFolder(plant, { browseName: area.name, nodeId: `s=${areaPath}` });
    for (let m = 1; m <= machinesPerArea; m++) {
      const name = `${area.machine}${String(m).padStart(2, '0')}`;
      const p = `${areaPath}.${name}`;
      const machine = ns.addObject({ organizedBy: areaFolder, browseName: name, nodeId: `s=${p}` });
      moving.push({
        temperature: variable(machine, `${p}.Temperature`, 'Temperature', 'Double', 20, false, undefined, { description: 'Process temperature, °C', minimumSamplingInterval: DEMO_SAMPLING_MS }),
        pressure: variable(machine, `${p}.Pressure`, 'Pressure', 'Float', 1, false),
        speed: variable(machine, `${p}.Speed`, 'Speed', 'Int32', 0, false),
        running: variable(machine, `${p}.Running`, 'Running', 'Boolean', true, false),
        counter: variable(machine, `${p}.Counter`, 'Counter', 'UInt64', [0, 0], false),
        state: variable(machine, `${p}.State`, 'State', 'String', 'Running', false),
        vibration: variable(machine, `${p}.Vibration`, 'Vibration', 'Double', new Float64Array(8), false, 8),
        phase: moving.length * 0.7,
      });
      const setpoint = variable(machine, `${p}.Setpoint`, 'Setpoint', 'Double', 50, true, undefined, { description: 'Temperature setpoint, °C' });
      variable(machine, `${p}.Mode`, 'Mode', 'Int16', 1, true);
      const recipe = variable(machine, `${p}.Recipe`, 'Recipe', 'String', 'Standard', true);
      addApplyRecipe(ua, ns, machine, p, setpoint, recipe);
      variable(machine, `${p}.Enabled`, 'Enabled', 'Boolean', true, true);
      const types = ns.addObject({ componentOf: machine, typeDefinition: 'FolderType', browseName: 'Types', nodeId: `s=${p}.Types` });
      for (const [typeName, initial] of SCALARS) variable(types, `${p}.Types.${typeName}`, typeName, typeName, initial(ua), true);
    }
  }
  addScale(ua, ns, plant);
  let counter = 0;
  const set = (v: UAVariable, dataType: number, value: unknown, arrayType = ua.VariantArrayType.Scalar) => v.setValueFromSource(new ua.Variant({ dataType, arrayType, value }), ua.StatusCodes.Good);
  return {
    variables,
    machines: moving.length,
    step(t: number) {
      counter++;
      for (const m of moving) {
        const a = t / 10 + m.phase;
        const running = Math.sin(a / 7) > -0.8;
        set(m.temperature, ua.DataType.Double, Math.round((60 + 15 * Math.sin(a)) * 100) / 100);
        set(m.pressure, ua.DataType.Float, Math.round((2.5 + Math.cos(a * 1.3)) * 1000) / 1000);
        set(m.speed, ua.DataType.Int32, running ? Math.round(1450 + 30 * Math.sin(a * 3)) : 0);
        set(m.running, ua.DataType.Boolean, running);
        set(m.state, ua.DataType.String, running ? 'Running' : 'Idle');
        set(m.counter, ua.DataType.UInt64, [0, counter]);
        set(m.vibration, ua.DataType.Double, Float64Array.from({ length: 8 }, (_, i) => Math.round(Math.abs(Math.sin(a * (i + 1))) * 1000) / 1000), ua.VariantArrayType.Array);
      }
    },
  };
}
