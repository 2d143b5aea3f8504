import type { OpcUaNode } from '../../../shared/contract';
import type { TagInput } from '../../../shared/project/schema';
import { api } from '../api';
import { useDevices } from './devices';
import { useTagMaps } from './tagMaps';

/** The tag map browsed nodes go to: "<device> nodes", one per OPC UA device. */
export function nodeMapName(deviceName: string): string {
  return `${deviceName} nodes`;
}

/**
 * A tag name for a node that reads as the operator saw it in the tree: "Mixer01.Temperature" (parent and node display
 * names), unique in the map ("… #2" when two nodes would share it).
 */
export function tagNameFor(node: OpcUaNode & { parent: string }, parentName: string | null, taken: ReadonlySet<string>): string {
  const base = (parentName ? `${parentName}.${node.displayName || node.browseName}` : node.displayName || node.browseName).slice(0, 180) || node.nodeId.slice(0, 180);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base} #${i}`;
  return name;
}

/**
 * Put nodes into the device's node map as OPC UA tags (creating the map on first use); a node already in the map is
 * not added twice. Returns how many tags were added.
 */
export async function addNodesAsTags(deviceId: string, nodes: readonly (OpcUaNode & { parent: string })[], displayNameOf: (nodeId: string) => string | null): Promise<number> {
  const device = useDevices.getState().devices.find((d) => d.id === deviceId);
  const mapName = nodeMapName(device?.name ?? 'OPC UA');
  const summaries = await api().tagMapsList({});
  const existing = summaries.find((s) => s.deviceId === deviceId && s.name === mapName);
  const map = existing ? await api().tagMapsGet({ mapId: existing.id }) : null;
  const tags: TagInput[] = [...(map?.tags ?? [])];
  const names = new Set(tags.map((t) => t.name));
  const have = new Set(tags.flatMap((t) => (t.source.kind === 'opcua' ? [t.source.nodeId] : [])));
  let added = 0;
  for (const n of nodes) {
    if (have.has(n.nodeId)) continue;
    const name = tagNameFor(n, n.parent === 'i=85' ? null : displayNameOf(n.parent), names);
    names.add(name);
    have.add(n.nodeId);
    tags.push({ name, source: { kind: 'opcua', nodeId: n.nodeId }, description: n.dataType ? `${n.dataType} · ${n.browseName}` : n.browseName });
    added++;
  }
  if (added) await useTagMaps.getState().put({ deviceId, name: mapName, tags, ...(existing ? { mapId: existing.id } : {}) });
  return added;
}
