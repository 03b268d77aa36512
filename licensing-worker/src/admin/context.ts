// The Hono environment of the console and the small helpers every admin route uses.
import type { Context, MiddlewareHandler } from 'hono';
import type { AppVariables } from '../env';
import type { AdminEnv } from './config';
import { AdminError } from './errors';
import { hasRole, type Operator, type Role } from './operators';
import type { FetchLike } from './access';

export interface AdminVariables extends AppVariables {
  /** The signed-in operator; null only for a service token (backup reports). */
  operator: Operator | null;
  /** Client id of the Access service token, when that is who calls. */
  serviceClientId: string | null;
}

export type AdminAppEnv = { Bindings: AdminEnv; Variables: AdminVariables };
export type AdminContext = Context<AdminAppEnv>;

/** What the console needs from outside, handed in so tests use real keys and servers. */
export interface AdminDeps {
  /** Fetch used for Cloudflare Access's key set (tests answer it from a local key set). */
  accessFetch?: FetchLike;
}

/** The operator, or a refusal for a service token calling a person's route. */
export function operatorOf(c: AdminContext): Operator {
  const op = c.get('operator');
  if (!op) throw new AdminError('NOT_AN_OPERATOR', 'This action needs a person signed in through Cloudflare Access, not a service token.');
  return op;
}

/** Route guard: the signed-in operator needs at least `min`. */
export const requireRole =
  (min: Role): MiddlewareHandler<AdminAppEnv> =>
  async (c, next) => {
    const op = operatorOf(c);
    if (!hasRole(op.role, min)) {
      throw new AdminError('ROLE_REQUIRED', `This needs the ${min} role or higher; you are ${op.role}. Ask an owner if you need it.`, { requiredRole: min, role: op.role });
    }
    await next();
  };

export const ok = <T extends object>(c: AdminContext, body: T, status: 200 | 201 | 202 = 200): Response =>
  c.json({ success: true as const, requestId: c.get('requestId'), ...body }, status);
