import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { decodeRegisters, encodeValue } from '../../shared/codec/registers';
import { REGISTERS_PER_TYPE } from '../../shared/codec/types';
import { FieldbenchError } from '../../shared/errors';
import { toConventional } from '../../shared/modbus/tables';
import type { Device } from '../../shared/project/schema';
import type { WritePrepareInput, WriteTicket } from '../../shared/schemas/writes';
import type { AuditLog } from '../audit/audit-log';
import { checkResponse, writeMultipleRegistersRequest, writeSingleCoilRequest, writeSingleRegisterRequest } from './pdu';
import { qualityOfError, readRaw, type PduChannel } from './read';

type PrepareInput = z.output<typeof WritePrepareInput>;

const TICKET_TTL_MS = 60_000;

const INT_RANGES: Partial<Record<string, [number, number]>> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  bool: [0, 1],
};

/** Refuse a value the register cannot hold, naming the type and its range. */
export function checkFits(value: number | boolean, type: string): void {
  if (typeof value === 'boolean') return;
  const range = INT_RANGES[type];
  if (range) {
    if (!Number.isInteger(value)) throw new FieldbenchError('invalid_input', `${value} is not a whole number, and ${type} holds only whole numbers`);
    if (value < range[0] || value > range[1]) throw new FieldbenchError('invalid_input', `${value} does not fit ${type} (${range[0]} to ${range[1]})`);
  }
  if (type === 'float32' && Math.abs(value) > 3.4028234663852886e38) throw new FieldbenchError('invalid_input', `${value} does not fit float32`);
}

/**
 * Writes in two steps. prepare() reads the current value and returns a ticket saying exactly what would be sent;
 * nothing reaches the device. confirm(ticket) sends it, once, within a minute, and records the result in the audit
 * log. There is no other path to a device write.
 */
export class WriteService {
  private readonly tickets = new Map<string, { ticket: WriteTicket; note: string }>();

  constructor(
    private readonly audit: AuditLog,
    private readonly host: string,
  ) {}

  async prepare(input: PrepareInput, device: Device, channel: PduChannel): Promise<WriteTicket> {
    const isCoil = input.table === 'coil';
    const type = isCoil ? 'bool' : input.type;
    checkFits(input.value, type);
    const width = isCoil ? 1 : REGISTERS_PER_TYPE[type];
    if (input.address + width - 1 > 65535) throw new FieldbenchError('invalid_input', 'the value runs past address 65535');
    const raw = isCoil ? [input.value ? 1 : 0] : encodeValue(input.value, type, input.order);
    let oldRaw: number[] | null = null;
    let oldValue: number | boolean | null = null;
    let oldQuality: string | null = null;
    try {
      oldRaw = await readRaw(channel, { unitId: device.unitId, table: input.table, address: input.address, count: width });
      oldValue = isCoil ? oldRaw[0] === 1 : decodeRegisters(oldRaw, type, input.order);
    } catch (err) {
      oldQuality = qualityOfError(err).reason ?? 'unreadable';
    }
    const ticket: WriteTicket = {
      ticketId: randomBytes(12).toString('hex'),
      deviceId: device.id,
      deviceName: device.name,
      unitId: device.unitId,
      table: input.table,
      address: input.address,
      register: toConventional(input.table, input.address),
      type,
      order: input.order,
      functionCode: isCoil ? 5 : width === 1 ? 6 : 16,
      oldRaw,
      oldValue,
      oldQuality,
      newValue: isCoil ? Boolean(input.value) : Number(input.value),
      raw,
      expiresAt: Date.now() + TICKET_TTL_MS,
    };
    this.tickets.set(ticket.ticketId, { ticket, note: input.note });
    return ticket;
  }

  /** Send a prepared write. The ticket is used up whatever the outcome. */
  async confirm(ticketId: string, resolve: (deviceId: string) => { device: Device; channel: PduChannel }): Promise<{ ticket: WriteTicket; readBack: number[] | null }> {
    const held = this.tickets.get(ticketId);
    this.tickets.delete(ticketId);
    if (!held) throw new FieldbenchError('not_found', 'no such write is waiting for confirmation (already sent, cancelled, or never prepared)');
    const { ticket, note } = held;
    if (Date.now() > ticket.expiresAt) {
      await this.record(ticket, note, false, 'refused: confirmation came after the ticket expired', 'write-refused');
      throw new FieldbenchError('invalid_input', 'this write was prepared over a minute ago; prepare it again so the current value is fresh');
    }
    const { device, channel } = resolve(ticket.deviceId);
    if (device.unitId !== ticket.unitId) throw new FieldbenchError('invalid_input', 'the device changed since the write was prepared');
    const pdu = ticket.functionCode === 5 ? writeSingleCoilRequest(ticket.address, ticket.raw[0] === 1) : ticket.functionCode === 6 ? writeSingleRegisterRequest(ticket.address, ticket.raw[0]!) : writeMultipleRegistersRequest(ticket.address, ticket.raw);
    try {
      const res = await channel.request(ticket.unitId, pdu);
      checkResponse(ticket.functionCode, res);
    } catch (err) {
      const reason = qualityOfError(err).reason ?? String(err);
      await this.record(ticket, note, false, `failed: ${reason}`);
      throw new FieldbenchError(err instanceof FieldbenchError ? err.code : 'modbus_exception', `write to ${ticket.register} failed: ${reason}`);
    }
    await this.record(ticket, note, true, 'written');
    let readBack: number[] | null = null;
    try {
      readBack = await readRaw(channel, { unitId: ticket.unitId, table: ticket.table, address: ticket.address, count: ticket.raw.length });
    } catch {
      readBack = null;
    }
    return { ticket, readBack };
  }

  cancel(ticketId: string): boolean {
    return this.tickets.delete(ticketId);
  }

  private record(t: WriteTicket, note: string, ok: boolean, result: string, action: 'write' | 'write-refused' = 'write'): Promise<void> {
    return this.audit.append({
      at: new Date().toISOString(),
      action,
      host: this.host,
      deviceId: t.deviceId,
      deviceName: t.deviceName,
      unitId: t.unitId,
      table: t.table,
      address: t.address,
      register: t.register,
      functionCode: t.functionCode,
      oldValue: t.oldValue,
      newValue: t.newValue,
      raw: t.raw,
      note,
      result,
      ok,
    });
  }
}
