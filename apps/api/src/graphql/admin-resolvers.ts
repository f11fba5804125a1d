import { ErrorCodes, TesseraError } from '@tessera/errors';
import {
  assertStillOwner,
  createAdminUser,
  listAdminUsers,
  newAdminCredentials,
  removeAdminUser,
  updateAdminUserRole,
} from '../admin/admin-users.js';
import { readRuleSettings, writeRuleSettings } from '../admin/rule-settings.js';
import { authorize } from '../auth/caller.js';
import type { RequestContext } from '../context.js';
import { chooseLiftMetric, liftSeries } from '../experiments/lift-series.js';
import type { Resolvers } from './types.gen.js';

/**
 * Admin users are managed by an owner signed in to the dashboard: API keys serve machines, and an
 * admin-scoped key must not be able to mint people with passwords.
 */
function requireOwner(ctx: RequestContext): string {
  const caller = authorize(ctx.caller, 'manageKeys');
  if (caller.kind !== 'admin')
    throw new TesseraError(
      ErrorCodes.Forbidden,
      'managing admin users needs an owner signed in to the dashboard',
      { hint: 'API keys cannot manage admin users' },
    );
  return caller.adminId;
}

function asOwner<T>(ctx: RequestContext, work: Parameters<RequestContext['scoped']>[1]): Promise<T> {
  const ownerId = requireOwner(ctx);
  return ctx.scoped('manageKeys', async (tx, tenantId, caller) => {
    await assertStillOwner(tx, ownerId);
    return work(tx, tenantId, caller);
  }) as Promise<T>;
}

export const adminResolvers: Resolvers = {
  Query: {
    adminUsers: (_p, _a, ctx) =>
      // Any dashboard role may see the team; of API keys only admin-scoped ones.
      ctx.scoped(ctx.caller?.kind === 'apiKey' ? 'manageKeys' : 'read', (tx) => listAdminUsers(tx)),
    ruleSettings: (_p, _a, ctx) => ctx.scoped('read', (tx) => readRuleSettings(tx)) as never,
  },
  Mutation: {
    createAdminUser: async (_p, args, ctx) => {
      requireOwner(ctx);
      const credentials = await newAdminCredentials({ email: args.email, password: args.password });
      return asOwner(ctx, (tx, tenantId) => createAdminUser(tx, tenantId, args.role, credentials));
    },
    updateAdminUserRole: (_p, args, ctx) => asOwner(ctx, (tx) => updateAdminUserRole(tx, args.id, args.role)),
    removeAdminUser: (_p, args, ctx) => asOwner(ctx, (tx) => removeAdminUser(tx, args.id)),
    updateTenantSettings: async (_p, args, ctx) => {
      const view = await ctx.scoped('write', (tx) =>
        writeRuleSettings(tx, args.rules as Record<string, unknown>),
      );
      // This instance serves the new rules from its next request; others within their cache TTL (10 s).
      if (ctx.caller) ctx.services.tenants.invalidate(ctx.caller.tenantId);
      return view as never;
    },
  },
  Experiment: {
    liftSeries: (e, args, ctx) => {
      if (e.status === 'draft') return null;
      const alpha = args.alpha ?? 0.05;
      if (!(alpha > 0 && alpha < 0.5))
        throw new TesseraError(ErrorCodes.BadUserInput, 'alpha must be in (0, 0.5)');
      const days = args.days ?? 60;
      if (!Number.isInteger(days) || days < 1 || days > 366)
        throw new TesseraError(ErrorCodes.BadUserInput, `days must be 1–366 (got ${days})`);
      const metric = chooseLiftMetric(e, args.metric);
      return ctx.scoped('read', async (tx) => ({
        metric,
        points: await liftSeries(tx, e, metric, { days, alpha }),
      }));
    },
  },
};
