import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { sha256Hex } from '../auth/tokens.js';
import { isIsoDate } from '../ledger/ledger.js';
import { isCurrencyCode } from '../money/money.js';
import type { AppEnv } from '../web/env.js';

/** The error shape of API.md: {"error": {"code", "message", "fields"?}}. */
export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, fields?: Record<string, string>): Response {
  return c.json({ error: fields ? { code, message, fields } : { code, message } }, status);
}

/** 404 in the API's shape. */
export function notFound(c: Context): Response {
  return apiError(c, 404, 'not_found', 'Not found');
}

/** Turns zod issues into {field: message}, with dotted paths (lines.0.quantity). */
export function zodFields(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Parses and validates a JSON body: 400 when it is not JSON, 422 with field errors when invalid. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: Response }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: apiError(c, 400, 'malformed_json', 'The request body is not valid JSON') };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, response: apiError(c, 422, 'validation_failed', 'Some fields are not valid', zodFields(parsed.error)) };
  }
  return { ok: true, data: parsed.data };
}

/** Field types shared by API schemas. */
export const api = {
  id: z.union([z.string().regex(/^\d{1,15}$/, 'must be an id'), z.number().int().positive()]).transform((v) => Number(v)),
  text: (max: number) => z.string().trim().max(max, `must be at most ${max} characters`),
  optionalText: (max: number) =>
    z.string().trim().max(max, `must be at most ${max} characters`).nullish().transform((v) => (v ? v : null)),
  email: z.string().trim().toLowerCase().max(254).email('must be an email address'),
  date: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD'),
  money: z.number({ error: 'must be an integer amount in minor units' }).int('must be an integer amount in minor units').min(-1e13).max(1e13),
  positiveMoney: z.number({ error: 'must be an integer amount in minor units' }).int('must be an integer amount in minor units').positive('must be greater than zero').max(1e13),
  currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code like EUR'),
  language: z.enum(['en', 'el'], { error: 'must be en or el' }),
};

/** Ids are opaque strings in the API. */
export function apiId(id: number | null): string | null {
  return id === null ? null : String(id);
}

/** Parses `limit` and `cursor` of a list request; cursors are opaque. */
export function pageParams(c: Context): { ok: true; limit: number; afterId: number } | { ok: false; response: Response } {
  const limitRaw = c.req.query('limit');
  const limit = limitRaw === undefined ? 50 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    return { ok: false, response: apiError(c, 400, 'invalid_limit', 'limit must be an integer from 1 to 200', { limit: 'must be 1–200' }) };
  }
  const cursor = c.req.query('cursor');
  if (!cursor) return { ok: true, limit, afterId: 0 };
  const match = /^after:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const decoded = match ? Number(match[1]) : NaN;
  if (!/^[\w-]+$/.test(cursor) || !Number.isInteger(decoded)) return { ok: false, response: apiError(c, 400, 'invalid_cursor', 'cursor is not valid', { cursor: 'not valid' }) };
  return { ok: true, limit, afterId: decoded };
}

/** Builds {data, next_cursor} from rows fetched with limit + 1 (the extra row says there is more). */
export function pageResult<T extends { id: number }, O>(rows: T[], limit: number, toJson: (row: T) => O): { data: O[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map(toJson), next_cursor: more && last ? Buffer.from(`after:${last.id}`).toString('base64url') : null };
}

/** Bearer-token authentication for /api/v1: 401 when missing, unknown, revoked, or its user is disabled. */
export function requireApiToken(): MiddlewareHandler<AppEnv> {
  return async function requireApiTokenMiddleware(c, next) {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return apiError(c, 401, 'unauthorized', 'Missing or invalid bearer token');
    const row = await c.var.db
      .selectFrom('api_tokens as t')
      .innerJoin('staff_users as u', 'u.id', 't.staff_user_id')
      .select(['t.id as token_id', 't.last_used_at'])
      .selectAll('u')
      .where('t.token_hash', '=', sha256Hex(match[1]))
      .where('t.revoked_at', 'is', null)
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return apiError(c, 401, 'unauthorized', 'Missing or invalid bearer token');
    const { token_id, last_used_at, ...user } = row;
    c.set('apiUser', user);
    c.set('apiTokenId', token_id);
    const now = new Date().toISOString();
    if (!last_used_at || last_used_at.slice(0, 16) !== now.slice(0, 16)) {
      await c.var.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token_id).execute();
    }
    await next();
  };
}
