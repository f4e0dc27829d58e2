/**
 * Validates REST bodies against Discord's OpenAPI description, using the zod (mini) schemas that npm
 * `discord-api-spec/zod` generates from it. The route table comes from `schema-routes.generated.ts`.
 */
import * as specZod from 'discord-api-spec/zod';
import * as z from 'zod/mini';
import type { BodySchemaRef } from './schema-types.js';
import { inlineSchemaRoutes, schemaRoutes } from './schema-routes.generated.js';

export interface SchemaIssue {
  path: (string | number)[];
  message: string;
  code?: string;
  expected?: string;
}

/** What a schema check concluded. `schema` names the component schema(s) used. */
export interface SchemaCheck {
  validated: boolean;
  schema?: string;
  issues: SchemaIssue[];
}

interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly RawIssue[] } };
}
interface RawIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
  errors?: readonly (readonly RawIssue[])[];
}

// zod/mini ships without messages; English ones make violations readable (same as full zod's default).
z.config(z.locales.en());

const schemas = specZod as unknown as Record<string, SafeParser | undefined>;

/** Overrides where the spec's union is wider than what the double knows the call means. */
const overrides: Record<string, BodySchemaRef> = {
  // A bot renames guild channels; the DM/group DM variants accept almost anything.
  'PATCH /channels/{channel_id}': { ref: 'UpdateGuildChannelRequestPartial' },
  // Executing a webhook (follow-up) creates a message; the "update" variant is for edits.
  'POST /webhooks/{webhook_id}/{webhook_token}': { ref: 'IncomingWebhookRequestPartial' },
};

interface RouteTemplate {
  key: string;
  method: string;
  segments: string[];
}

const templates: RouteTemplate[] = [...Object.keys(schemaRoutes), ...inlineSchemaRoutes].map((key) => {
  const [method = '', path = ''] = key.split(' ');
  return { key, method, segments: path.split('/').filter(Boolean) };
});

/** Finds the OpenAPI route ("METHOD /channels/{channel_id}/messages") for a concrete method + path. */
export function matchOpenApiRoute(method: string, path: string): string | undefined {
  const segs = path.split('/').filter(Boolean);
  let best: { key: string; literals: number } | undefined;
  for (const t of templates) {
    if (t.method !== method.toUpperCase() || t.segments.length !== segs.length) continue;
    let literals = 0;
    let ok = true;
    t.segments.forEach((s, i) => {
      if (s.startsWith('{')) return;
      if (s === segs[i]) literals++;
      else ok = false;
    });
    if (ok && (!best || literals > best.literals)) best = { key: t.key, literals };
  }
  return best?.key;
}

function describe(ref: BodySchemaRef): string {
  if ('ref' in ref) return ref.ref;
  if ('anyOf' in ref) return ref.anyOf.map(describe).join(' | ');
  return `${describe(ref.array)}[]`;
}

function flatten(issues: readonly RawIssue[], prefix: (string | number)[] = []): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  for (const i of issues) {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (i.code === 'invalid_union' && i.errors && i.errors.length > 0) {
      // Report the branch that got furthest (fewest issues, not failing on a discriminating literal).
      const ranked = [...i.errors].sort((a, b) => score(a) - score(b));
      out.push(...flatten(ranked[0] ?? [], path));
    } else {
      out.push({ path, message: i.message, ...(i.code ? { code: i.code } : {}), ...(i.expected ? { expected: i.expected } : {}) });
    }
  }
  return out;
}

function score(issues: readonly RawIssue[]): number {
  const discriminatorMiss = issues.some((i) => i.path.length === 1 && i.path[0] === 'type' && i.code === 'invalid_value');
  return (discriminatorMiss ? 1000 : 0) + issues.length;
}

function check(ref: BodySchemaRef, value: unknown, path: (string | number)[]): SchemaIssue[] {
  if ('ref' in ref) {
    const schema = schemas[`${ref.ref}Schema`];
    if (!schema) return [];
    const r = schema.safeParse(value);
    return r.success ? [] : flatten(r.error.issues, path);
  }
  if ('anyOf' in ref) {
    const results = ref.anyOf.map((b) => check(b, value, path));
    if (results.some((r) => r.length === 0)) return [];
    const ranked = results.sort((a, b) => rank(a) - rank(b));
    return ranked[0] ?? [];
  }
  if (value === null && ref.nullable) return [];
  if (!Array.isArray(value)) return [{ path, message: 'Expected array' }];
  const issues: SchemaIssue[] = [];
  if (ref.maxItems !== undefined && value.length > ref.maxItems) {
    issues.push({ path, message: `Too big: expected array to have <=${ref.maxItems} items` });
  }
  value.forEach((item, i) => issues.push(...check(ref.array, item, [...path, i])));
  return issues;
}

function rank(issues: SchemaIssue[]): number {
  const discriminatorMiss = issues.some((i) => i.path.length === 1 && i.path[0] === 'type');
  return (discriminatorMiss ? 1000 : 0) + issues.length;
}

function missingSchemas(ref: BodySchemaRef): string[] {
  if ('ref' in ref) return schemas[`${ref.ref}Schema`] ? [] : [ref.ref];
  if ('anyOf' in ref) return ref.anyOf.flatMap(missingSchemas);
  return missingSchemas(ref.array);
}

/** Validates a JSON body sent to `route` (an OpenAPI route key from matchOpenApiRoute). */
export function validateBody(route: string, body: unknown): SchemaCheck {
  const ref = overrides[route] ?? schemaRoutes[route];
  if (!ref || missingSchemas(ref).length > 0) return { validated: false, issues: [] };
  // Discord parses integer fields from numeric strings (discord.js sends bitfields such as
  // default_member_permissions as strings, the spec types them as integers): coerce those and re-check.
  let value = body;
  let issues = check(ref, value, []);
  for (let round = 0; round < 10 && issues.length > 0; round++) {
    const fixable = issues.filter((i) => i.code === 'invalid_type' && (i.expected === 'number' || i.expected === 'int') && isNumericString(getAt(value, i.path)));
    if (fixable.length === 0) break;
    if (value === body) value = structuredClone(body);
    for (const i of fixable) setAt(value, i.path, Number(getAt(value, i.path)));
    issues = check(ref, value, []);
  }
  return { validated: true, schema: describe(ref), issues };
}

function isNumericString(v: unknown): boolean {
  return typeof v === 'string' && /^-?\d+$/.test(v);
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

function setAt(root: unknown, path: (string | number)[], v: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (parent !== null && typeof parent === 'object' && last !== undefined) (parent as Record<string | number, unknown>)[last] = v;
}
