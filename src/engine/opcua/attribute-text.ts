/** OPC UA attributes (Part 3, 5.9) by id, and how each is shown to an operator: decoded to words, units beside numbers. */
export const ATTRIBUTES = [
  'NodeId',
  'NodeClass',
  'BrowseName',
  'DisplayName',
  'Description',
  'WriteMask',
  'UserWriteMask',
  'IsAbstract',
  'Symmetric',
  'InverseName',
  'ContainsNoLoops',
  'EventNotifier',
  'Value',
  'DataType',
  'ValueRank',
  'ArrayDimensions',
  'AccessLevel',
  'UserAccessLevel',
  'MinimumSamplingInterval',
  'Historizing',
  'Executable',
  'UserExecutable',
  'DataTypeDefinition',
  'RolePermissions',
  'UserRolePermissions',
  'AccessRestrictions',
  'AccessLevelEx',
] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];

/** The attribute's id: its place in ATTRIBUTES, from 1. */
export const attributeId = (name: AttributeName): number => ATTRIBUTES.indexOf(name) + 1;

/** AccessLevel bits (AccessLevelType; AccessLevelEx adds the upper ones). */
const ACCESS_BITS = ['CurrentRead', 'CurrentWrite', 'HistoryRead', 'HistoryWrite', 'SemanticChange', 'StatusWrite', 'TimestampWrite', '', 'NonatomicRead', 'NonatomicWrite', 'WriteFullArrayOnly', 'NoSubDataTypes'];
/** WriteMask bits (AttributeWriteMask). */
const WRITE_MASK_BITS = [
  'AccessLevel',
  'ArrayDimensions',
  'BrowseName',
  'ContainsNoLoops',
  'DataType',
  'Description',
  'DisplayName',
  'EventNotifier',
  'Executable',
  'Historizing',
  'InverseName',
  'IsAbstract',
  'MinimumSamplingInterval',
  'NodeClass',
  'NodeId',
  'Symmetric',
  'UserAccessLevel',
  'UserExecutable',
  'UserWriteMask',
  'ValueRank',
  'WriteMask',
  'ValueForVariableType',
  'DataTypeDefinition',
  'RolePermissions',
  'AccessRestrictions',
  'AccessLevelEx',
];
const EVENT_NOTIFIER_BITS = ['SubscribeToEvents', '', 'HistoryRead', 'HistoryWrite'];
const RANKS: Record<number, string> = { [-3]: 'scalar or one-dimensional array', [-2]: 'scalar or array', [-1]: 'scalar', 0: 'array of one or more dimensions', 1: 'one-dimensional array' };

/** The names of the bits set in `n`, or "none". */
export function bitNames(n: number, names: readonly string[]): string {
  const set = names.filter((name, i) => name && n & (1 << i));
  const unknown = n & ~names.reduce((m, name, i) => (name ? m | (1 << i) : m), 0);
  if (unknown) set.push(`0x${unknown.toString(16)}`);
  return set.length ? set.join(', ') : 'none';
}

export const accessLevelText = (n: number): string => bitNames(n, ACCESS_BITS);
export const writeMaskText = (n: number): string => bitNames(n, WRITE_MASK_BITS);
export const eventNotifierText = (n: number): string => bitNames(n, EVENT_NOTIFIER_BITS);

export function valueRankText(n: number): string {
  return `${n} (${RANKS[n] ?? `${n}-dimensional array`})`;
}

export function samplingIntervalText(ms: number): string {
  if (ms < 0) return `${ms} (indeterminate)`;
  if (ms === 0) return '0 ms (as fast as the server can)';
  return `${ms} ms`;
}
