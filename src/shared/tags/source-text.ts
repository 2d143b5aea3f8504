import { tagWidth } from '../codec/spec';
import { toConventional } from '../modbus/tables';
import { codecOf, type TagSource } from '../project/schema';

/** Where a tag's value is, as an integrator writes it: 40001 / 40001.3, ns=2;s=Temp, Program:Main.Motor[2].Speed. */
export function sourceAddressText(source: TagSource): string {
  switch (source.kind) {
    case 'modbus':
      return `${toConventional(source.table, source.address)}${source.bit !== undefined ? `.${source.bit}` : ''}`;
    case 'opcua':
      return source.nodeId;
    case 'cip':
      return `${source.tagPath}${source.element?.length ? `[${source.element.join(',')}]` : ''}${source.member ? `.${source.member}` : ''}`;
  }
}

/** The value's type at the source: the register codec's type, the Logix data type, or '' where the server says. */
export function sourceTypeText(source: TagSource): string {
  switch (source.kind) {
    case 'modbus':
      return source.type;
    case 'opcua':
      return '';
    case 'cip':
      return source.dataType ?? '';
  }
}

/** How a Modbus value was made from its registers: word order of multi-register values, bit, scaling, scale factor. */
export function decodingText(source: TagSource): string {
  if (source.kind !== 'modbus') return '—';
  const parts: string[] = [];
  if (source.type === 'bit' && source.bit !== undefined) parts.push(`bit ${source.bit}`);
  if (source.type !== 'string' && tagWidth(codecOf(source)) > 1) parts.push(source.order ?? 'ABCD');
  if (source.type === 'string' && source.order === 'BADC') parts.push('bytes swapped');
  if (source.scale !== undefined && source.scale !== 1) parts.push(`×${source.scale}`);
  if (source.offset !== undefined && source.offset !== 0) parts.push(`${source.offset > 0 ? '+' : '−'}${Math.abs(source.offset)}`);
  if (source.sfAddress !== undefined) parts.push(`× 10^sf (${toConventional(source.table, source.sfAddress)})`);
  return parts.join(' · ') || '—';
}
