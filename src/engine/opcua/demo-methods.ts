import type { Namespace, UAObject, UAVariable, Variant } from 'node-opcua';
import type { OpcUa } from './lib';

/** The highest setpoint ApplyRecipe accepts; above it the call answers BadOutOfRange. */
export const DEMO_SETPOINT_MAX = 200;

type Reply = (err: Error | null, result: { statusCode: unknown; outputArguments?: Variant[] }) => void;

/**
 * ApplyRecipe(Recipe: String, Setpoint: Double) -> (Accepted: Boolean, PreviousSetpoint: Double) on a machine: sets
 * the machine's Recipe and Setpoint variables and answers the setpoint it replaced. A setpoint outside
 * 0..DEMO_SETPOINT_MAX is refused with BadOutOfRange and changes nothing; an empty recipe name is not accepted
 * (Accepted false, nothing changed).
 */
export function addApplyRecipe(ua: OpcUa, ns: Namespace, machine: UAObject, path: string, setpoint: UAVariable, recipe: UAVariable): void {
  const method = ns.addMethod(machine, {
    browseName: 'ApplyRecipe',
    nodeId: `s=${path}.ApplyRecipe`,
    inputArguments: [
      { name: 'Recipe', description: { text: 'recipe name' }, dataType: ua.DataType.String, valueRank: -1 },
      { name: 'Setpoint', description: { text: `new setpoint, 0 to ${DEMO_SETPOINT_MAX} °C` }, dataType: ua.DataType.Double, valueRank: -1 },
    ],
    outputArguments: [
      { name: 'Accepted', description: { text: 'whether the recipe was applied' }, dataType: ua.DataType.Boolean, valueRank: -1 },
      { name: 'PreviousSetpoint', description: { text: 'the setpoint it replaced, °C' }, dataType: ua.DataType.Double, valueRank: -1 },
    ],
  });
  method.bindMethod(((inputs: Variant[], _context: unknown, reply: Reply) => {
    const name = String(inputs[0]?.value ?? '');
    const sp = Number(inputs[1]?.value);
    if (!Number.isFinite(sp) || sp < 0 || sp > DEMO_SETPOINT_MAX) return reply(null, { statusCode: ua.StatusCodes.BadOutOfRange });
    const previous = Number(setpoint.readValue().value.value);
    const accepted = name.trim() !== '';
    if (accepted) {
      recipe.setValueFromSource(new ua.Variant({ dataType: ua.DataType.String, value: name }));
      setpoint.setValueFromSource(new ua.Variant({ dataType: ua.DataType.Double, value: sp }));
    }
    reply(null, {
      statusCode: ua.StatusCodes.Good,
      outputArguments: [new ua.Variant({ dataType: ua.DataType.Boolean, value: accepted }), new ua.Variant({ dataType: ua.DataType.Double, value: previous })],
    });
  }) as never);
}

/** Scale(Values: Double[], Factor: Double) -> (Scaled: Double[], Sum: Double) on the plant: each value times Factor, and their sum. */
export function addScale(ua: OpcUa, ns: Namespace, plant: UAObject): void {
  const method = ns.addMethod(plant, {
    browseName: 'Scale',
    nodeId: 's=Plant.Scale',
    inputArguments: [
      { name: 'Values', description: { text: 'values to scale' }, dataType: ua.DataType.Double, valueRank: 1, arrayDimensions: [0] },
      { name: 'Factor', description: { text: 'multiplier' }, dataType: ua.DataType.Double, valueRank: -1 },
    ],
    outputArguments: [
      { name: 'Scaled', description: { text: 'each value times Factor' }, dataType: ua.DataType.Double, valueRank: 1, arrayDimensions: [0] },
      { name: 'Sum', description: { text: 'the sum of the scaled values' }, dataType: ua.DataType.Double, valueRank: -1 },
    ],
  });
  method.bindMethod(((inputs: Variant[], _context: unknown, reply: Reply) => {
    const values = Array.from((inputs[0]?.value ?? []) as ArrayLike<number>, Number);
    const factor = Number(inputs[1]?.value);
    const scaled = values.map((v) => v * factor);
    reply(null, {
      statusCode: ua.StatusCodes.Good,
      outputArguments: [
        new ua.Variant({ dataType: ua.DataType.Double, arrayType: ua.VariantArrayType.Array, value: Float64Array.from(scaled) }),
        new ua.Variant({ dataType: ua.DataType.Double, value: scaled.reduce((a, b) => a + b, 0) }),
      ],
    });
  }) as never);
}
