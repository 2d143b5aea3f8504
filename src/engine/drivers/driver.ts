import type { JsonTagValue } from '../../shared/codec/json';
import type { DeviceIdentity } from '../../shared/contract';
import type { Device, Protocol, Tag, TagSource } from '../../shared/project/schema';
import type { Quality } from '../../shared/quality';
import type { WriteDetail } from '../../shared/schemas/writes';

/**
 * The one interface every protocol implements (Modbus today; OPC UA and EtherNet/IP next). Everything after a driver
 * — the tag runtime, the page, the CLI, Sparkplug, the gateway — is protocol-blind.
 */

/** What a driver hands the pipeline for one item: a decoded value with its quality and timestamps. */
export interface SourceReading {
  key: string;
  value: JsonTagValue | null;
  /** An enum's label. */
  label?: string;
  quality: Quality;
  /** Raw registers as read (Modbus only). */
  raw?: number[];
  /** When the value was sampled at the source, where the protocol says so (OPC UA, not Modbus). */
  sourceTimestamp?: number;
  receivedAt: number;
  /** How long the request(s) that brought it took, where the driver measures it. */
  durationMs?: number;
}

/** One thing to acquire: a tag, or a raw Modbus register range (a watch) given as a tag of the range's width. */
export interface AcquireItem {
  key: string;
  tag: Tag;
  /** A watch: deliver the raw words of the whole range, no decoding. */
  rawRange?: { count: number };
}

export interface ScanClassStats {
  scanClassMs: number;
  scans: number;
  /** Scans that took longer than their interval (the next one started late, never early). */
  overruns: number;
  lastScanMs: number;
  requestsPerScan: number;
}

/** A running acquisition of a set of items: polled in planned blocks or subscribed, until stopped. */
export interface Acquisition {
  stop(): void;
  stats(): ScanClassStats[];
}

/** The protocol part of one write, prepared but not sent. */
export interface PreparedWrite {
  /** What is written, in the operator's words: "holding register 40001 of unit 1". */
  target: string;
  oldValue: number | boolean | string | null;
  /** Why the current value could not be read, when it could not. */
  oldQuality: string | null;
  newValue: number | boolean | string;
  /** Exactly what goes on the wire, for the ticket, the audit and the UI. */
  detail: WriteDetail;
  /** A broadcast nobody answers: sent once, no read-back. */
  broadcast: boolean;
  /** Send once. Throws a FieldbenchError naming what failed; a device that answers with another value is a failure. */
  execute(): Promise<void>;
  /** Read the value back after the write; null when it cannot be read. */
  readBack(): Promise<{ value: number | boolean | string | null; matches: boolean; raw?: number[] } | null>;
  /** What the audit's outcome line says when nothing can be read back (an OPC UA method call: what it answered). */
  outcomeNote?(): string;
}

export interface WriteOptions {
  /** Modbus: FC 15 / 16 even for one coil or register. */
  multiple?: boolean;
}

export interface DeviceDriver {
  readonly protocol: Protocol;
  readonly device: Device;
  /** Acquire these items by scan class, handing every reading to `sink`. */
  acquire(items: readonly AcquireItem[], sink: (readings: SourceReading[]) => void): Acquisition;
  /** Acquire every item once now (the CLI, checks, tests). */
  readOnce(items: readonly AcquireItem[]): Promise<SourceReading[]>;
  /** Read the current value and say exactly what a write of `value` to `source` would send. Sends nothing. */
  prepareWrite(source: TagSource, value: number | boolean | string, opts?: WriteOptions): Promise<PreparedWrite>;
  identify?(): Promise<DeviceIdentity>;
  /** Release what the driver holds of its own (an OPC UA session); transports shared per wire are closed elsewhere. */
  close?(): Promise<void>;
}
