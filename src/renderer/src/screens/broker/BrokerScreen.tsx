import { useEffect, useState } from 'react';
import { followBroker } from '../../store/broker';
import { brokerInspector, InspectorContext, upstreamInspector } from '../../store/inspector';
import { useSparkplug } from '../../store/sparkplug';
import '../../styles/broker.css';
import { BridgePanel } from './BridgePanel';
import { BrokerControl } from './BrokerControl';
import { EdgeNodePanel } from './EdgeNodePanel';
import { SparkplugAlerts } from './SparkplugAlerts';
import { TopicDetails } from './TopicDetails';
import { TopicTree } from './TopicTree';

/** Broker: run the embedded MQTT broker, the app's edge node and the upstream bridge, and inspect what they carry. */
export function BrokerScreen() {
  useEffect(() => followBroker(), []);
  const [view, setView] = useState<'broker' | 'upstream'>('broker');
  const bridgeUrl = useSparkplug((s) => s.status?.bridge.remoteUrl ?? null);
  return (
    <div className="screen broker-screen" data-testid="screen-broker">
      <div className="screen-head">
        <h1>Broker</h1>
        <p className="muted">Run the embedded MQTT broker, publish the project as a Sparkplug B edge node, bridge to an upstream broker, and watch every message: a topic tree, Sparkplug B payloads decoded, sequence gaps and missing births flagged.</p>
      </div>
      <BrokerControl />
      <div className="edge-row">
        <EdgeNodePanel />
        <BridgePanel />
      </div>
      <section className="panel broker-inspector" data-testid="broker-inspector" data-view={view}>
        <div className="inspector-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={view === 'broker'} className={`inspector-tab ${view === 'broker' ? "active" : ""}`} onClick={() => setView('broker')} data-testid="inspector-broker">
            Embedded broker
          </button>
          <button type="button" role="tab" aria-selected={view === 'upstream'} className={`inspector-tab ${view === 'upstream' ? "active" : ""}`} onClick={() => setView('upstream')} data-testid="inspector-upstream" title="What the bridge's upstream carries under its rules' prefixes, subscribed read-only">
            Upstream{bridgeUrl ? ` (${bridgeUrl})` : ''}
          </button>
        </div>
        <InspectorContext.Provider value={view === 'broker' ? brokerInspector : upstreamInspector}>
          <div className="broker-split">
            <TopicTree />
            <TopicDetails />
          </div>
          <SparkplugAlerts />
        </InspectorContext.Provider>
      </section>
    </div>
  );
}
