// The system policies vbrd ships, as data. RAM's own system policies are maintained by Alibaba and change over
// time; these carry the statements that matter for the VPC/RAM actions vbrd serves.
//
// Provenance: the names and their meaning are Alibaba's (RAM system policy list, VPC "RAM user authorization"
// pages). AdministratorAccess is Allow * on *. The VPC documents are the brief's reading of their scope (vpc:* and
// vpc's read prefixes); Alibaba's live AliyunVPC* documents were not found in public sources and may list more
// actions (e.g. ECS reads the console needs). Descriptions follow the English wording RAM returns for system
// policies ("Provides full access to …", "Provides read-only access to … via Management Console").
import { parsePolicyDocument } from './parse.js';
import type { NamedPolicy } from './types.js';

export interface SystemPolicy extends NamedPolicy {
  readonly type: 'System';
  readonly description: string;
  /** The document text GetPolicy / GetPolicyVersion return. */
  readonly documentText: string;
  /** RAM's default version id for a system policy. */
  readonly defaultVersion: string;
}

interface Definition {
  readonly name: string;
  readonly description: string;
  readonly document: object;
}

const DEFINITIONS: readonly Definition[] = [
  {
    name: 'AdministratorAccess',
    description: 'Provides full access to Alibaba Cloud services and resources.',
    document: { Version: '1', Statement: [{ Action: '*', Effect: 'Allow', Resource: '*' }] },
  },
  {
    name: 'AliyunVPCFullAccess',
    description: 'Provides full access to Virtual Private Cloud (VPC) via Management Console.',
    document: { Version: '1', Statement: [{ Action: 'vpc:*', Effect: 'Allow', Resource: '*' }] },
  },
  {
    name: 'AliyunVPCReadOnlyAccess',
    description: 'Provides read-only access to Virtual Private Cloud (VPC) via Management Console.',
    document: {
      Version: '1',
      Statement: [{ Action: ['vpc:Describe*', 'vpc:Get*', 'vpc:List*'], Effect: 'Allow', Resource: '*' }],
    },
  },
];

function build(def: Definition): SystemPolicy {
  const documentText = JSON.stringify(def.document, null, 2);
  const parsed = parsePolicyDocument(documentText);
  // A broken built-in is a programming error; fail at import rather than deny everyone at run time.
  if (!parsed.ok) throw new Error(`system policy ${def.name} is invalid: ${parsed.message}`);
  return {
    name: def.name,
    type: 'System',
    description: def.description,
    documentText,
    defaultVersion: 'v1',
    document: parsed.policy,
  };
}

export const SYSTEM_POLICIES: readonly SystemPolicy[] = DEFINITIONS.map(build);

/** A system policy by exact name (RAM policy names are case-sensitive). */
export function findSystemPolicy(name: string): SystemPolicy | undefined {
  return SYSTEM_POLICIES.find((p) => p.name === name);
}
