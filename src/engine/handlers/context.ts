import type { Project } from '../../shared/project/schema';
import type { BridgeService } from '../broker/bridge-service';
import type { BrokerService } from '../broker/broker-service';
import type { EngineCore } from '../core';
import type { ScanService } from '../modbus/scan';
import type { EdgeService } from '../sparkplug/edge-service';
import type { SparkplugSettingsStore } from '../sparkplug/settings-store';
import type { OpcUaEnvironment } from '../opcua/environment';
import type { EngineOptions } from '../options';
import type { ProjectStore } from '../project/store';
import type { PortWatcher } from '../serial/port-watcher';
import type { TrafficLog } from '../traffic/traffic-log';

/** What the contract's handlers may use of the engine: its services, by interface, never the Engine class itself. */
export interface EngineContext {
  readonly options: Readonly<EngineOptions>;
  readonly core: EngineCore;
  readonly store: ProjectStore;
  readonly traffic: TrafficLog;
  readonly scans: ScanService;
  readonly ports: PortWatcher;
  /** The OPC UA environment the core's drivers use: the data folder's PKI and the secret store for passwords. */
  readonly opcua: OpcUaEnvironment;
  /** The embedded MQTT broker the Broker screen starts and stops (not running until asked). */
  readonly broker: BrokerService;
  /** The app's Sparkplug edge node, the bridge to an upstream broker, and their settings on this computer. */
  readonly edge: EdgeService;
  readonly bridge: BridgeService;
  readonly sparkplugSettings: SparkplugSettingsStore;
  /** Apply a change to the project and bring the pipeline in line with it. */
  update(change: (p: Project) => Project): Project;
  /** Another project was opened or started: transports and counters start afresh. */
  projectSwitched(): void;
}
