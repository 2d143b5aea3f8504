import { FieldbenchError } from '../../shared/errors';

export const SP_NAMESPACE = 'spBv1.0';
export type NodeMessage = 'NBIRTH' | 'NDATA' | 'NDEATH' | 'NCMD';
export type DeviceMessage = 'DBIRTH' | 'DDATA' | 'DDEATH' | 'DCMD';

/** A Sparkplug id (group, edge node, device): non-empty UTF-8 without the MQTT wildcards and separator + / #. */
export function checkSparkplugId(id: string, what: string): string {
  if (id.length === 0) throw new FieldbenchError('invalid_input', `the Sparkplug ${what} id is empty`);
  if (/[+/#]/.test(id)) throw new FieldbenchError('invalid_input', `the Sparkplug ${what} id "${id}" holds + / or #, which Sparkplug forbids`);
  if (id !== id.normalize('NFC') || /[\u0000\uFFFD]/.test(id)) throw new FieldbenchError('invalid_input', `the Sparkplug ${what} id "${id}" is not clean UTF-8`);
  return id;
}

export function nodeTopic(group: string, type: NodeMessage, node: string): string {
  return `${SP_NAMESPACE}/${group}/${type}/${node}`;
}

export function deviceTopic(group: string, type: DeviceMessage, node: string, device: string): string {
  return `${SP_NAMESPACE}/${group}/${type}/${node}/${device}`;
}

export interface ParsedTopic {
  group: string;
  type: string;
  node: string;
  device?: string;
}

/** The parts of a spBv1.0 topic, or null for any other topic (STATE included). */
export function parseSparkplugTopic(topic: string): ParsedTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== SP_NAMESPACE || parts.length < 4 || parts.length > 5) return null;
  const [, group, type, node, device] = parts as [string, string, string, string, string | undefined];
  return device === undefined ? { group, type, node } : { group, type, node, device };
}
