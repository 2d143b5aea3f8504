import { parseArgs } from 'node:util';
import { watchTopic } from '../../engine/broker/topic-watch';
import { describeMessage } from '../../engine/sparkplug/describe';
import { FieldbenchError } from '../../shared/errors';
import { checkBrokerUrl, MQTT_LOGIN_OPTIONS, mqttLogin } from './mqtt-flags';

export const SUB_HELP = `fieldbench sub URL TOPIC [--user U --password-file F] [--ca FILE] [--count N]
  Prints every message on TOPIC (MQTT wildcards allowed) as one JSON line: topic, retain, qos and the payload.
  Sparkplug B payloads (spBv1.0/...) are decoded (64-bit values as decimal strings); others are shown as text.
  --ca checks an mqtts:// broker against this certificate (fieldbench broker --tls prints its file).
  Stops on Ctrl+C, or after --count messages.`;

export async function subCommand(argv: string[], out: (line: string) => void, err: (line: string) => void, stop: Promise<void>): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { ...MQTT_LOGIN_OPTIONS, count: { type: 'string' } }, allowPositionals: true, strict: true });
  const [url, topic] = positionals;
  checkBrokerUrl(url, 'sub');
  if (!topic) throw new FieldbenchError('invalid_input', 'sub needs a TOPIC (such as spBv1.0/#)');
  const count = values.count === undefined ? Infinity : Number(values.count);
  let seen = 0;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const watch = watchTopic(url!, topic, mqttLogin(values), (t, payload, retain, qos) => {
    out(describeMessage(t, payload, retain, qos));
    if (++seen >= count) finish();
  }, err);
  await Promise.race([stop, done]);
  await watch.close();
  return 0;
}
