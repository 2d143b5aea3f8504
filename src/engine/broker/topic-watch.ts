import mqtt from 'mqtt';

export interface MqttLogin {
  username?: string;
  password?: string;
  /** PEM of the CA (or the self-signed certificate) an mqtts:// broker is checked against. */
  ca?: string;
}

export interface TopicWatch {
  close(): Promise<void>;
}

/**
 * Subscribe to a topic filter (QoS 1) on a broker and hand every message on; reconnects every second while the
 * broker is away. Errors and the subscription's outcome go to `note`.
 */
export function watchTopic(
  url: string,
  topic: string,
  login: MqttLogin,
  onMessage: (topic: string, payload: Buffer, retain: boolean, qos: number) => void,
  note: (line: string) => void,
): TopicWatch {
  const client = mqtt.connect(url, { ...login, reconnectPeriod: 1000, clean: true });
  client.on('connect', () => {
    client.subscribe(topic, { qos: 1 }, (e) => note(e ? `subscribe failed: ${e.message}` : `subscribed to ${topic}`));
  });
  client.on('error', (e) => note(`mqtt: ${e.message}`));
  client.on('message', (t, payload, packet) => onMessage(t, payload, packet.retain, packet.qos));
  return { close: () => client.endAsync() };
}
