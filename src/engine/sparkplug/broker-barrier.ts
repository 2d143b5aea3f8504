import type { MqttClient } from 'mqtt';

/**
 * Resolves once the broker has taken every packet this client sent before it — QoS 0 publishes included, which the
 * broker never acknowledges. MQTT handles a connection's packets in order, so the UNSUBACK of an UNSUBSCRIBE comes
 * after them; the filter is one this client never subscribed, so the UNSUBSCRIBE changes nothing. Rejects when the
 * connection closes first: then nothing says what the broker took.
 */
export function brokerBarrier(client: MqttClient, filter: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error('the connection closed before the broker confirmed'));
    client.once('close', onClose);
    client.unsubscribe(filter, (err) => {
      client.off('close', onClose);
      if (err) reject(err);
      else resolve();
    });
  });
}
