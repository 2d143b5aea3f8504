import { decodePayload } from './payload';
import { parseSparkplugTopic } from './topics';

/** One MQTT message as a JSON line: Sparkplug payloads decoded (64-bit values as decimal strings), others as text. */
export function describeMessage(topic: string, payload: Buffer, retain: boolean, qos: number): string {
  const sp = parseSparkplugTopic(topic);
  let body: unknown;
  if (sp) {
    try {
      body = decodePayload(payload);
    } catch (e) {
      body = { error: `not a Sparkplug payload: ${(e as Error).message}`, hex: payload.toString('hex') };
    }
  } else body = payload.toString('utf8');
  return JSON.stringify({ topic, qos, retain, ...(sp ? { sparkplug: body } : { text: body }) }, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  );
}
