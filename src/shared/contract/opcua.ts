import { z } from 'zod';
import { Connection, Device, DisplayName, Id, NodeIdText, OpcUaConnection, OpcUaSecurityMode, OpcUaSecurityPolicy } from '../project/schema';
import { JsonTagValue } from '../codec/json';
import { Quality } from '../quality';
import { WriteOutcome, WriteTicket, WriteValue } from '../schemas/writes';
import { Empty } from './app';

/** What the operator types: opc.tcp://host:port[/path], as a connection holds it. */
export const OpcUaUrl = OpcUaConnection.shape.endpointUrl;

/** A certificate as an operator judges it before trusting it. */
export const OpcUaCertificate = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** SHA-1 of the DER, 40 lowercase hex digits. */
  thumbprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  applicationUri: z.string().nullable(),
  selfSigned: z.boolean(),
});
export type OpcUaCertificate = z.infer<typeof OpcUaCertificate>;

/** Where a server certificate stands in Fieldbench's store: trusted, rejected, or not seen yet. */
export const CertificateTrust = z.enum(['trusted', 'rejected', 'unknown']);
export type CertificateTrust = z.infer<typeof CertificateTrust>;

export const OpcUaEndpoint = z.object({
  endpointUrl: z.string(),
  securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt', 'Invalid']),
  /** Short name: None, Basic256Sha256, Aes128_Sha256_RsaOaep, ... */
  securityPolicy: z.string(),
  /** Basic128Rsa15 and Basic256 (deprecated since OPC UA 1.04). */
  deprecated: z.boolean(),
  securityLevel: z.number(),
  userTokens: z.array(z.object({ policyId: z.string(), type: z.enum(['anonymous', 'username', 'certificate', 'issued']), securityPolicy: z.string().nullable() })),
  serverUri: z.string(),
  certificate: OpcUaCertificate.nullable(),
  /** The certificate's standing in the store (unknown when there is none). */
  trust: CertificateTrust,
});
export type OpcUaEndpoint = z.infer<typeof OpcUaEndpoint>;

export const OpcUaDiscovery = z.object({
  url: z.string(),
  servers: z.array(z.object({ applicationUri: z.string(), applicationName: z.string(), productUri: z.string(), applicationType: z.string(), discoveryUrls: z.array(z.string()) })),
  endpoints: z.array(OpcUaEndpoint),
});
export type OpcUaDiscovery = z.infer<typeof OpcUaDiscovery>;

/** The login of a new OPC UA device. The password goes to the engine's secret store, never into the project. */
export const OpcUaLogin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({ kind: z.literal('username'), userName: z.string().trim().min(1, 'a user name is required').max(200), password: z.string().min(1, 'a password is required').max(500) }),
]);
export type OpcUaLogin = z.infer<typeof OpcUaLogin>;

export const AddOpcUaDeviceInput = z
  .object({
    name: DisplayName,
    endpointUrl: OpcUaUrl,
    securityMode: OpcUaSecurityMode.default('None'),
    securityPolicy: OpcUaSecurityPolicy.default('None'),
    identity: OpcUaLogin.default({ kind: 'anonymous' }),
    /** Open a session before adding (server certificate, login): a refusal is reported and nothing is added. */
    check: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if ((v.securityMode === 'None') !== (v.securityPolicy === 'None')) {
      ctx.addIssue({ code: 'custom', path: ['securityPolicy'], message: v.securityMode === 'None' ? 'security mode None goes with policy None' : `security mode ${v.securityMode} needs a policy other than None` });
    }
  });
export type AddOpcUaDeviceInput = z.input<typeof AddOpcUaDeviceInput>;

export const OpcUaNodeClass = z.enum(['Object', 'Variable', 'Method', 'ObjectType', 'VariableType', 'ReferenceType', 'DataType', 'View', 'Unspecified']);
export type OpcUaNodeClass = z.infer<typeof OpcUaNodeClass>;

export const OpcUaNode = z.object({
  nodeId: z.string(),
  /** "1:Temperature": namespace index and name. */
  browseName: z.string(),
  displayName: z.string(),
  nodeClass: OpcUaNodeClass,
  /** Variables: the DataType by name; null for other classes. */
  dataType: z.string().nullable(),
  /** Variables: -1 scalar, 1 array, ...; null for other classes. */
  valueRank: z.number().nullable(),
  hasChildren: z.boolean(),
});
export type OpcUaNode = z.infer<typeof OpcUaNode>;

/** The children of one node by hierarchical references; Objects (i=85) when no node is given. */
export const OpcUaBrowseInput = z.object({ deviceId: Id, nodeId: NodeIdText.optional() });
export const OpcUaBrowseResult = z.object({ nodeId: z.string(), children: z.array(OpcUaNode) });
export type OpcUaBrowseResult = z.infer<typeof OpcUaBrowseResult>;

export const OpcUaCertificateLists = z.object({ own: OpcUaCertificate, trusted: z.array(OpcUaCertificate), rejected: z.array(OpcUaCertificate) });
export type OpcUaCertificateLists = z.infer<typeof OpcUaCertificateLists>;

export const Thumbprint = z
  .string()
  .trim()
  .max(80)
  .transform((s) => s.replace(/[\s:]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{40}$/, 'a thumbprint is 40 hexadecimal digits'));

/** The thumbprint in the message of an untrusted-certificate refusal ('forbidden'), so a UI can offer to trust it. */
export function refusedThumbprint(error: { code: string; message: string }): string | null {
  if (error.code !== 'forbidden') return null;
  return /presents a certificate that [\s\S]*?thumbprint ([0-9a-f]{40})/.exec(error.message)?.[1] ?? null;
}

/** One node of one OPC UA device. */
export const OpcUaNodeInput = z.object({ deviceId: Id, nodeId: NodeIdText });

/** A node's Value now: never a Bad value passed on as one (value null, the StatusCode by name). */
export const OpcUaReadResult = z.object({
  nodeId: z.string(),
  value: JsonTagValue.nullable(),
  /** The Variant's built-in type (Double, Int32...); null for an empty Variant. */
  dataType: z.string().nullable(),
  array: z.boolean(),
  quality: Quality,
  statusCode: z.string(),
  sourceTimestamp: z.string().nullable(),
  serverTimestamp: z.string().nullable(),
});
export type OpcUaReadResult = z.infer<typeof OpcUaReadResult>;

/** One argument of a method, as its InputArguments / OutputArguments property defines it. */
export const OpcUaArgument = z.object({
  name: z.string(),
  /** The DataType by name (Double, UtcTime, a structure's name). */
  dataType: z.string(),
  /** The built-in type it travels as (UtcTime: DateTime); null for a structure, which cannot be typed in. */
  builtIn: z.string().nullable(),
  /** -1 scalar, 1 one-dimensional array (entered as a JSON array)... */
  valueRank: z.number(),
  arrayDimensions: z.array(z.number()).nullable(),
  description: z.string(),
});
export type OpcUaArgument = z.infer<typeof OpcUaArgument>;

export const OpcUaMethod = z.object({
  methodId: z.string(),
  /** The object the method is called on (the node it is a component of). */
  objectId: z.string(),
  displayName: z.string(),
  /** UserExecutable: this session may call it. */
  executable: z.boolean(),
  inputs: z.array(OpcUaArgument),
  outputs: z.array(OpcUaArgument),
});
export type OpcUaMethod = z.infer<typeof OpcUaMethod>;

/** Step one of a method call: the inputs checked against the method's arguments and held as a write ticket. */
export const OpcUaPrepareCallInput = z.object({
  deviceId: Id,
  methodId: NodeIdText,
  objectId: NodeIdText.optional(),
  inputs: z.array(WriteValue).max(64),
  note: z.string().max(200).default(''),
});

export const OpcUaCallOutcome = z.object({
  outcome: WriteOutcome,
  /** The StatusCode of the call, by name. */
  status: z.string(),
  outputs: z.array(z.object({ name: z.string(), dataType: z.string(), value: JsonTagValue.nullable() })),
});
export type OpcUaCallOutcome = z.infer<typeof OpcUaCallOutcome>;

/** Every attribute of a node, decoded to words (DataType by name, access levels as flags, units beside numbers). */
export const OpcUaAttribute = z.object({ id: z.number().int(), name: z.string(), text: z.string() });
export const OpcUaReference = z.object({
  /** The reference type by name: HasComponent, Organizes, HasTypeDefinition... */
  referenceType: z.string(),
  referenceTypeId: z.string(),
  direction: z.enum(['forward', 'inverse']),
  targetNodeId: z.string(),
  targetBrowseName: z.string(),
  targetNodeClass: z.string(),
});
export const OpcUaNodeInfo = z.object({ nodeId: z.string(), attributes: z.array(OpcUaAttribute), references: z.array(OpcUaReference) });
export type OpcUaNodeInfo = z.infer<typeof OpcUaNodeInfo>;

export const OpcUaSearchHit = z.object({
  nodeId: z.string(),
  browseName: z.string(),
  displayName: z.string(),
  nodeClass: OpcUaNodeClass,
  /** NodeIds from the root (excluded) down to the hit: what the tree opens to show it. */
  path: z.array(z.string()),
});
export const OpcUaSearchStatus = z.object({
  searchId: z.string(),
  text: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  visited: z.number().int(),
  level: z.number().int(),
  hits: z.array(OpcUaSearchHit),
  note: z.string().nullable(),
});
export type OpcUaSearchStatus = z.infer<typeof OpcUaSearchStatus>;
const SearchId = z.object({ searchId: z.string().min(1).max(64) });

export const OpcUaBookmark = z.object({ nodeId: z.string(), name: z.string(), path: z.array(z.string()).default([]), addedAt: z.string() });
export type OpcUaBookmark = z.infer<typeof OpcUaBookmark>;

export const opcuaRequests = {
  /** FindServers and GetEndpoints on the URL typed: every endpoint, its security, login kinds and certificate. */
  'opcua.discover': { input: z.object({ url: OpcUaUrl }), output: OpcUaDiscovery },
  'devices.addOpcUa': { input: AddOpcUaDeviceInput, output: z.object({ device: Device, connection: Connection }) },
  'opcua.browse': { input: OpcUaBrowseInput, output: OpcUaBrowseResult },
  'opcua.certificates': { input: Empty, output: OpcUaCertificateLists },
  'opcua.trust': { input: z.object({ thumbprint: Thumbprint }), output: OpcUaCertificate },
  'opcua.reject': { input: z.object({ thumbprint: Thumbprint }), output: OpcUaCertificate },
  /** Every attribute of a node and every reference to and from it (the Attributes and References panels). */
  'opcua.node': { input: OpcUaNodeInput, output: OpcUaNodeInfo },
  /**
   * Start a bounded deep search by browse or display name (case-insensitive, part of the name) from Objects or a node;
   * poll opcua.searchStatus for progress and hits, opcua.searchCancel to stop it.
   */
  'opcua.search': {
    input: z.object({
      deviceId: Id,
      text: z.string().trim().min(1, 'type part of a name').max(200),
      rootId: NodeIdText.optional(),
      maxNodes: z.number().int().min(1).max(500_000).default(20_000),
      maxDepth: z.number().int().min(1).max(64).default(16),
      maxHits: z.number().int().min(1).max(2000).default(200),
    }),
    output: OpcUaSearchStatus,
  },
  'opcua.searchStatus': { input: SearchId, output: OpcUaSearchStatus },
  'opcua.searchCancel': { input: SearchId, output: OpcUaSearchStatus },
  /** Bookmarked nodes of the device's server (kept per server in the app's data folder, not in the project). */
  'opcua.bookmarks': { input: z.object({ deviceId: Id }), output: z.array(OpcUaBookmark) },
  'opcua.bookmarkAdd': {
    input: z.object({ deviceId: Id, nodeId: NodeIdText, name: z.string().trim().min(1).max(200), path: z.array(NodeIdText).max(64).default([]) }),
    output: z.array(OpcUaBookmark),
  },
  'opcua.bookmarkRemove': { input: z.object({ deviceId: Id, nodeId: NodeIdText }), output: z.array(OpcUaBookmark) },
  /** One node's Value now (a write of a browsed node goes through writes.prepare with its nodeId). */
  'opcua.read': { input: OpcUaNodeInput, output: OpcUaReadResult },
  /** A method's input and output arguments, read from its InputArguments / OutputArguments properties. */
  'opcua.method': { input: OpcUaNodeInput, output: OpcUaMethod },
  /** A method call changes the device: it is prepared as a write ticket, confirmed by opcua.confirmCall, and audited. */
  'opcua.prepareCall': { input: OpcUaPrepareCallInput, output: WriteTicket },
  /** Send a prepared call (the operator confirmed it): audited like every write; the output arguments come back. */
  'opcua.confirmCall': { input: z.object({ ticketId: z.string().min(1).max(64) }), output: OpcUaCallOutcome },
} as const;
