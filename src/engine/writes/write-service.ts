import { randomBytes } from 'node:crypto';
import { FieldbenchError } from '../../shared/errors';
import type { Device } from '../../shared/project/schema';
import type { AuditEntry, WriteOutcome, WriteTicket } from '../../shared/schemas/writes';
import type { AuditLog } from '../audit/audit-log';
import type { PreparedWrite } from '../drivers/driver';

const TICKET_TTL_MS = 60_000;

/** Who asked, and why: what the audit records beside the write itself. */
export interface WriteRequestInfo {
  device: Device;
  note: string;
  tagKey?: string;
  /** The device as it was when the write was prepared, to refuse a confirmation after it changed. */
  fingerprint: string;
}

interface Held {
  ticket: WriteTicket;
  prepared: PreparedWrite;
  info: WriteRequestInfo;
}

/**
 * The one write path of every protocol. prepare() takes what a driver prepared (current value, new value, exactly
 * what will be sent) and holds it as a ticket; nothing reaches the device. confirm() — the operator's explicit
 * confirmation — records the intent in the audit log before anything leaves, sends once, reads back, and records the
 * outcome. A value read back that differs from the one written is a failed write. A refused confirmation is audited.
 */
export class WriteService {
  private readonly tickets = new Map<string, Held>();

  constructor(
    private readonly audit: AuditLog,
    private readonly host: string,
  ) {}

  hold(prepared: PreparedWrite, info: WriteRequestInfo): WriteTicket {
    const ticket: WriteTicket = {
      ticketId: randomBytes(12).toString('hex'),
      deviceId: info.device.id,
      deviceName: info.device.name,
      target: prepared.target,
      oldValue: prepared.oldValue,
      oldQuality: prepared.oldQuality,
      newValue: prepared.newValue,
      broadcast: prepared.broadcast,
      detail: prepared.detail,
      expiresAt: Date.now() + TICKET_TTL_MS,
    };
    if (info.tagKey) ticket.tagKey = info.tagKey;
    this.tickets.set(ticket.ticketId, { ticket, prepared, info });
    return ticket;
  }

  /**
   * Send a prepared write. The ticket is used up whatever the outcome. `current` gives the device's fingerprint now
   * (null when it left the project), so a write prepared for a device that changed is refused.
   */
  async confirm(ticketId: string, current: (deviceId: string) => string | null): Promise<WriteOutcome> {
    const held = this.tickets.get(ticketId);
    this.tickets.delete(ticketId);
    if (!held) throw new FieldbenchError('not_found', 'no such write is waiting for confirmation (already sent, cancelled, or never prepared)');
    const { ticket, prepared, info } = held;
    if (Date.now() > ticket.expiresAt) {
      await this.record('write-refused', held, false, 'refused: confirmation came after the ticket expired');
      throw new FieldbenchError('invalid_input', 'this write was prepared over a minute ago; prepare it again so the current value is fresh');
    }
    const now = current(ticket.deviceId);
    if (now === null) {
      await this.record('write-refused', held, false, 'refused: the device was removed after the write was prepared');
      throw new FieldbenchError('not_found', `device "${ticket.deviceName}" is no longer in the project; nothing was written`);
    }
    if (now !== info.fingerprint) {
      await this.record('write-refused', held, false, 'refused: the device changed after the write was prepared');
      throw new FieldbenchError('invalid_input', `device "${ticket.deviceName}" changed since the write was prepared; prepare it again`);
    }
    // The intent is on disk before the frame leaves: a crash while the device takes its time still leaves a trace.
    await this.record('write-intent', held, true, 'sending');
    try {
      await prepared.execute();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.record('write', held, false, `failed: ${reason}`);
      throw new FieldbenchError(err instanceof FieldbenchError ? err.code : 'io_error', `write to ${ticket.target} failed: ${reason}`);
    }
    if (prepared.broadcast) {
      await this.record('write', held, true, 'broadcast, no answer expected');
      return { ticket, result: 'broadcast', readBack: null, readBackValue: null };
    }
    const back = await prepared.readBack();
    if (back && !back.matches) {
      const message = `the device answered the write but reads back ${String(back.value)} instead of ${String(ticket.newValue)}`;
      await this.record('write', held, false, `failed: ${message}`);
      throw new FieldbenchError('protocol_error', `write to ${ticket.target} failed: ${message}`);
    }
    await this.record('write', held, true, back ? 'written, read back as sent' : (prepared.outcomeNote?.() ?? 'written (could not read back)'));
    return { ticket, result: 'written', readBack: back?.raw ?? null, readBackValue: back?.value ?? null };
  }

  cancel(ticketId: string): boolean {
    return this.tickets.delete(ticketId);
  }

  private record(action: AuditEntry['action'], held: Held, ok: boolean, result: string): Promise<void> {
    const { ticket: t, info } = held;
    const entry: AuditEntry = {
      at: new Date().toISOString(),
      action,
      ticketId: t.ticketId,
      host: this.host,
      deviceId: t.deviceId,
      deviceName: t.deviceName,
      target: t.target,
      protocol: t.detail.protocol,
      oldValue: t.oldValue,
      newValue: t.newValue,
      note: info.note,
      result,
      ok,
    };
    if (t.tagKey) entry.tagKey = t.tagKey;
    if (t.detail.protocol === 'modbus') {
      const d = t.detail;
      Object.assign(entry, { unitId: d.unitId, table: d.table, address: d.address, register: d.register, functionCode: d.functionCode, raw: d.raw });
    }
    return this.audit.append(entry);
  }
}
