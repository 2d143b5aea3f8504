import { useEffect } from 'react';
import { followBroker } from '../../store/broker';
import '../../styles/broker.css';
import { BrokerControl } from './BrokerControl';
import { SparkplugAlerts } from './SparkplugAlerts';
import { TopicDetails } from './TopicDetails';
import { TopicTree } from './TopicTree';

/** Broker: run the embedded MQTT broker and inspect what it carries, Sparkplug B decoded and checked. */
export function BrokerScreen() {
  useEffect(() => followBroker(), []);
  return (
    <div className="screen broker-screen" data-testid="screen-broker">
      <div className="screen-head">
        <h1>Broker</h1>
        <p className="muted">Run the embedded MQTT broker on this computer and watch every message it carries: a topic tree, Sparkplug B payloads decoded, sequence gaps and missing births flagged.</p>
      </div>
      <BrokerControl />
      <section className="panel broker-inspector" data-testid="broker-inspector">
        <div className="broker-split">
          <TopicTree />
          <TopicDetails />
        </div>
        <SparkplugAlerts />
      </section>
    </div>
  );
}
