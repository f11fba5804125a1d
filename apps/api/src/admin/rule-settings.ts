import { queryRows, sql, type Tx } from '@tessera/db';
import { ErrorCodes, TesseraError } from '@tessera/errors';
import { defaultSettings, settingsFor, type Vertical, type VerticalSettings } from '@tessera/pipelines';
import { z } from 'zod';

const weight = z.number().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1');

/**
 * The overrides a tenant may set in `tenants.settings.rules`: every key of packages/pipelines'
 * `VerticalSettings`, optional, with the range in which the pipelines' rules make sense.
 */
export const ruleOverridesSchema = z
  .object({
    weights: z
      .object({ personal: weight, popularity: weight, recency: weight, social: weight })
      .partial()
      .strict(),
    diversityLambda: z.number().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1 (1 = no diversification)'),
    maxPerAssetClass: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be ≥ 1')
      .max(100, 'must be ≤ 100'),
    defaultRiskTolerance: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be 1–5')
      .max(5, 'must be 1–5'),
    maxDifficultyGap: z.number().gt(0, 'must be > 0').max(10, 'must be ≤ 10'),
    defaultLevel: z.number().min(0, 'must be ≥ 0').max(10, 'must be ≤ 10'),
  })
  .partial()
  .strict() satisfies z.ZodType<Partial<Omit<VerticalSettings, 'weights'>>>;

export type RuleOverrides = z.infer<typeof ruleOverridesSchema>;

export interface RuleSettingsView {
  vertical: Vertical;
  overrides: RuleOverrides;
  defaults: VerticalSettings;
  effective: VerticalSettings;
}

/** GraphQL gives explicit nulls for cleared fields; a cleared field means "use the default". */
function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object' && !Array.isArray(v)) {
      const inner = withoutNulls(v as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else out[key] = v;
  }
  return out;
}

/** Validates overrides; every problem is named with its field, so a form can point at it. */
export function parseRuleOverrides(input: Record<string, unknown>, vertical: Vertical): RuleOverrides {
  const parsed = ruleOverridesSchema.safeParse(withoutNulls(input));
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new TesseraError(
      ErrorCodes.BadUserInput,
      `invalid rule settings: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
      { hint: 'clear a field to use the vertical default', details: { fields } },
    );
  }
  const effective = settingsFor(vertical, parsed.data as Partial<VerticalSettings>);
  if (Object.values(effective.weights).every((w) => w === 0))
    throw new TesseraError(
      ErrorCodes.BadUserInput,
      'invalid rule settings: at least one weight must be > 0',
      {
        details: { fields: [{ field: 'weights', message: 'at least one weight must be > 0' }] },
      },
    );
  return parsed.data;
}

function view(vertical: Vertical, stored: unknown): RuleSettingsView {
  const overrides = (stored && typeof stored === 'object' ? stored : {}) as RuleOverrides;
  return {
    vertical,
    overrides,
    defaults: defaultSettings[vertical],
    effective: settingsFor(vertical, overrides as Partial<VerticalSettings>),
  };
}

export async function readRuleSettings(tx: Tx): Promise<RuleSettingsView> {
  const [row] = await queryRows<{ vertical: Vertical; rules: unknown }>(
    tx,
    sql`select vertical, settings->'rules' as rules from tenants`,
  );
  if (!row) throw new TesseraError(ErrorCodes.NotFound, 'tenant not found');
  return view(row.vertical, row.rules);
}

/**
 * Replaces `settings.rules` and leaves the other keys (the trainer's, for one) as they are, in one
 * statement, so a concurrent write to another key is not lost.
 */
export async function writeRuleSettings(tx: Tx, input: Record<string, unknown>): Promise<RuleSettingsView> {
  const { vertical } = await readRuleSettings(tx);
  const overrides = parseRuleOverrides(input, vertical);
  const [row] = await queryRows<{ vertical: Vertical; rules: unknown }>(
    tx,
    Object.keys(overrides).length === 0
      ? sql`update tenants set settings = settings - 'rules' returning vertical, settings->'rules' as rules`
      : sql`update tenants set settings = settings || jsonb_build_object('rules', ${JSON.stringify(overrides)}::jsonb)
            returning vertical, settings->'rules' as rules`,
  );
  return view(row!.vertical, row!.rules);
}
