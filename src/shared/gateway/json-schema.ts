import { z } from 'zod';
import { GatewayConfig } from './config';

/** Where the published JSON Schema says it lives (resources/gateway.schema.json in the repository and the bundle). */
export const GATEWAY_SCHEMA_ID = 'https://fieldbench.dev/schema/gateway-1.json';

/**
 * The published JSON Schema of gateway.json, generated from the zod schema the gateway validates with (as the file is
 * written: defaults optional). The cross-field rules (references, unique paths, authorised writes) are zod's alone.
 */
export function gatewayJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(GatewayConfig, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: GATEWAY_SCHEMA_ID, title: 'Fieldbench gateway configuration, version 1' };
}
