import type { GatewayConfig, GatewayConfigInput } from '../../shared/gateway/config';
import type { Project } from '../../shared/project/schema';
import type { PreflightFinding, PreflightSeverity } from '../../shared/contract/gateway';

export type { PreflightFinding, PreflightSeverity };

/** What the engine saw of one device when the pre-flight read it from the laptop. */
export interface DeviceProbe {
  deviceId: string;
  /** At least one tag came back with a value that is not Bad (the device answered). */
  reachable: boolean;
  /** Why not, in the driver's words ("timeout", "connect ECONNREFUSED 127.0.0.1:5020"). */
  reason: string | null;
  /** Each tag read, by tag key, with its quality. */
  tags: { key: string; name: string; status: 'good' | 'uncertain' | 'bad'; reason: string | null }[];
}

/** A certificate the config names, as read from the file on the laptop. */
export interface CertificateFact {
  /** The config path that names it ("northbound.tls.ca"). */
  where: string;
  file: string;
  /** Expiry, ms since the epoch; null when the file could not be read as a certificate. */
  notAfter: number | null;
  subject: string | null;
  error: string | null;
}

/** Facts the engine gathered on the laptop: probes through the drivers, certificates read from disk. */
export interface PreflightFacts {
  /** Absent: the sources were not probed (said as a warning). */
  probes?: DeviceProbe[];
  certificates: CertificateFact[];
}

export interface PreflightInput {
  project: Project;
  /** The gateway.json the bundle will carry (before defaults). */
  config: GatewayConfigInput;
  facts: PreflightFacts;
  /** Why plaintext MQTT to a non-loopback broker is accepted (gateway.json v1 has no field for it, so it is given here). */
  plaintextReason?: string;
  /** The bundle's target (linux-x64, linux-arm64, docker), when one is chosen. */
  target?: string | null;
  /** Now, ms since the epoch (certificate expiry is counted from it). */
  now: number;
}

/** One check: a pure function of the input and the config as parsed (null when the config does not parse). */
export type PreflightCheck = (input: PreflightInput, parsed: GatewayConfig | null) => PreflightFinding[];
