// Reading a JSON body against a zod schema: malformed JSON, wrong types and unknown fields are
// 400 INVALID_REQUEST with the field paths, never a 500.
import type { Context } from 'hono';
import type { z } from 'zod';
import type { ValidationIssue } from '../protocol/errors';
import { ApiError } from './errors';

export function issuesOf(error: z.ZodError): ValidationIssue[] {
  return error.issues.slice(0, 20).map((i) => {
    const base = i.path.map(String).join('.');
    // Unknown fields: name them in the path, so the client sees which one.
    const keys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys ?? [] : [];
    const path = keys.length ? keys.map((k) => (base ? `${base}.${k}` : k)).join(',') : base;
    return { path: path || '(body)', message: i.message };
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError('INVALID_REQUEST', 'The request is not valid.', { issues: issuesOf(r.error) });
  return r.data;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await c.req.text();
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError('INVALID_REQUEST', 'The request body could not be read.', { issues: [] });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_REQUEST', 'The request body is not valid JSON.', { issues: [{ path: '(body)', message: 'malformed JSON' }] });
  }
  return parseWith(schema, value);
}
