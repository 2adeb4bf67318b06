// Policy document validation, as RAM's CreatePolicy / CreatePolicyVersion do it, producing the parsed Policy.
//
// Accepted grammar (RAM "Policy structure and syntax" and "Policy elements"):
//   { "Version": "1", "Statement": [ stmt, ... ] }            — nothing else at the top level
//   stmt = { "Effect": "Allow"|"Deny",
//            ("Action"|"NotAction"): "*" | "svc:Name" | [ ... ],   — exactly one of the two, non-empty
//            ("Resource"|"NotResource"): "*" | "acs:..." | [ ... ],  — exactly one of the two, non-empty
//            "Condition"?: { Operator: { key: value | [values] } } }
// NotAction is in RAM's current element list; NotResource is in RAM's published grammar. Principal is for
// resource-based policies only and Sid is not a RAM element, so both are rejected like any unknown element.
// Element names, Effect values and operator names are matched exactly (they are case-sensitive words).
//
// Messages start with the names RAM's own policy checker uses (e.g. "Invalid effect") and then say where.
import { isValidConditionValue } from './conditions.js';
import { MALFORMED_POLICY_DOCUMENT, MAX_POLICY_DOCUMENT_LENGTH, POLICY_DOCUMENT_TOO_LONG } from './errors.js';
import {
  CONDITION_OPERATORS,
  type ConditionClause,
  type ConditionOperator,
  type Effect,
  type PatternSet,
  type Policy,
  type Statement,
} from './types.js';

export type ParseResult =
  { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly code: string; readonly message: string };

/** Thrown inside the parser only; turned into a MalformedPolicyDocument result at the boundary. */
class Malformed extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const TOP_LEVEL = new Set(['Version', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const OPERATOR_NAMES: ReadonlySet<string> = new Set(CONDITION_OPERATORS);

// `svc:Name` with wildcards allowed in either part, or a lone `*`.
const ACTION_FORMAT = /^[^\s:]+:[^\s:]+$/;
// `<ram-code>:<condition-key>`, e.g. acs:SourceIp, ecs:tag/owner.
const CONDITION_KEY_FORMAT = /^[^\s:]+:\S+$/;

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rejectUnknown(obj: JsonObject, allowed: ReadonlySet<string>, where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) throw new Malformed(`Invalid policy element: "${k}" is not allowed in ${where}.`);
  }
}

/** A string-or-list element as a non-empty list of strings. */
function stringList(v: Json | undefined, where: string): string[] {
  const items = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(items)) throw new Malformed(`Data type mismatch: ${where} must be a string or a list of strings.`);
  if (items.length === 0) throw new Malformed(`Required element ${where} cannot be empty.`);
  return items.map((item, i) => {
    if (typeof item !== 'string') throw new Malformed(`Data type mismatch: ${where}[${i}] must be a string.`);
    if (item.length === 0) throw new Malformed(`Required element ${where}[${i}] cannot be empty.`);
    return item;
  });
}

function pickOne(stmt: JsonObject, positive: string, negative: string, where: string): { negated: boolean; value: Json } {
  const hasPos = Object.hasOwn(stmt, positive);
  const hasNeg = Object.hasOwn(stmt, negative);
  if (hasPos && hasNeg) throw new Malformed(`${where} may have ${positive} or ${negative}, not both.`);
  if (!hasPos && !hasNeg) {
    const article = /^[AEIOU]/.test(positive) ? 'an' : 'a';
    throw new Malformed(`Add ${article} ${positive} or ${negative} element to the policy statement (${where}).`);
  }
  const value = hasPos ? stmt[positive] : stmt[negative];
  return { negated: !hasPos, value: value as Json };
}

function parseActions(stmt: JsonObject, where: string): PatternSet {
  const { negated, value } = pickOne(stmt, 'Action', 'NotAction', where);
  const name = `${where}.${negated ? 'NotAction' : 'Action'}`;
  const patterns = stringList(value, name);
  patterns.forEach((p, i) => {
    if (p !== '*' && !ACTION_FORMAT.test(p)) {
      throw new Malformed(`Invalid action format: ${name}[${i}] "${p}" must be <ram-code>:<action-name> or "*".`);
    }
  });
  return { negated, patterns };
}

function parseResources(stmt: JsonObject, where: string): PatternSet {
  const { negated, value } = pickOne(stmt, 'Resource', 'NotResource', where);
  const name = `${where}.${negated ? 'NotResource' : 'Resource'}`;
  const patterns = stringList(value, name);
  patterns.forEach((p, i) => {
    if (p !== '*' && !p.startsWith('acs:')) {
      throw new Malformed(`Invalid ARN prefix: ${name}[${i}] "${p}" must be "*" or start with "acs:".`);
    }
  });
  return { negated, patterns };
}

function conditionValues(v: Json | undefined, where: string): string[] {
  const items = Array.isArray(v) ? v : [v];
  if (items.length === 0) throw new Malformed(`Condition values cannot be empty (${where}).`);
  return items.map((item, i) => {
    // The grammar quotes every value, but JSON numbers and booleans mean the same thing; accept them as text.
    if (typeof item === 'string') return item;
    if (typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new Malformed(`Data type mismatch: ${where}${Array.isArray(v) ? `[${i}]` : ''} must be a string.`);
  });
}

function parseCondition(v: Json | undefined, where: string): ConditionClause[] {
  if (v === undefined) return [];
  if (!isObject(v)) throw new Malformed(`Data type mismatch: ${where} must be an object.`);
  const clauses: ConditionClause[] = [];
  for (const [op, body] of Object.entries(v)) {
    if (!OPERATOR_NAMES.has(op)) throw new Malformed(`Invalid condition operator: "${op}" in ${where}.`);
    const operator = op as ConditionOperator;
    if (!isObject(body)) throw new Malformed(`Data type mismatch: ${where}.${op} must be an object.`);
    for (const [key, raw] of Object.entries(body)) {
      const at = `${where}.${op}["${key}"]`;
      if (!CONDITION_KEY_FORMAT.test(key)) {
        throw new Malformed(`Invalid condition key format: "${key}" must be <ram-code>:<condition-key> (${at}).`);
      }
      const values = conditionValues(raw, at);
      if (operator === 'Bool' && values.length > 1) {
        throw new Malformed(`Multiple Boolean values for a condition (${at}).`);
      }
      values.forEach((val) => {
        if (!isValidConditionValue(operator, val)) {
          throw new Malformed(`Invalid condition value: "${val}" is not valid for ${op} (${at}).`);
        }
      });
      clauses.push({ operator, key, values });
    }
  }
  return clauses;
}

function parseStatement(v: Json, where: string): Statement {
  if (!isObject(v)) throw new Malformed(`Data type mismatch: ${where} must be an object.`);
  rejectUnknown(v, STATEMENT_ELEMENTS, where);
  const effect = v.Effect;
  if (effect === undefined) throw new Malformed(`Invalid effect: ${where} has no Effect.`);
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new Malformed(`Invalid effect: ${where}.Effect must be Allow or Deny.`);
  }
  return {
    effect: effect as Effect,
    actions: parseActions(v, where),
    resources: parseResources(v, where),
    conditions: parseCondition(v.Condition, `${where}.Condition`),
  };
}

function parseDocument(doc: Json): Policy {
  if (!isObject(doc)) throw new Malformed('Data type mismatch: the policy document must be a JSON object.');
  rejectUnknown(doc, TOP_LEVEL, 'the policy document');
  if (doc.Version === undefined) throw new Malformed('Invalid version: the policy document has no Version.');
  if (doc.Version !== '1') throw new Malformed('Invalid version: Version must be "1".');
  const stmts = doc.Statement;
  if (stmts === undefined) throw new Malformed('Missing required element Statement.');
  if (!Array.isArray(stmts)) throw new Malformed('Data type mismatch: Statement must be a list.');
  if (stmts.length === 0) throw new Malformed('Required element Statement cannot be empty.');
  return { version: '1', statements: stmts.map((s, i) => parseStatement(s, `Statement[${i}]`)) };
}

/**
 * Validate a PolicyDocument as RAM would and return its parsed form, or the RAM error code and a message.
 * Codes: InvalidParameter.PolicyDocument.Length (over 6,144 characters) or MalformedPolicyDocument.
 */
export function parsePolicyDocument(text: string): ParseResult {
  if (Array.from(text).length > MAX_POLICY_DOCUMENT_LENGTH) {
    return { ok: false, code: POLICY_DOCUMENT_TOO_LONG.code, message: POLICY_DOCUMENT_TOO_LONG.message };
  }
  const malformed = (message: string): ParseResult => ({ ok: false, code: MALFORMED_POLICY_DOCUMENT.code, message });
  if (text.trim().length === 0) return malformed('The policy document is empty.');
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    return malformed('Data type mismatch: the policy document is not valid JSON.');
  }
  try {
    return { ok: true, policy: parseDocument(doc) };
  } catch (e) {
    if (e instanceof Malformed) return malformed(e.message);
    throw e;
  }
}
