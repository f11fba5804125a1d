import Link from 'next/link';
import { Badge, Card, Empty, PageHeader, Show } from '../../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../../lib/api';
import { fmtDate } from '../../../lib/format';
import { CreateKeyForm, RevokeButton } from './key-forms';
import { ruleFields, valueAt } from './rule-fields';
import { RuleSettingsForm } from './rule-form';

const ruleValues =
  'weights { personal popularity recency social } diversityLambda maxPerAssetClass defaultRiskTolerance maxDifficultyGap defaultLevel';

interface RuleSettings {
  overrides: Record<string, unknown>;
  defaults: Record<string, unknown>;
  effective: Record<string, unknown>;
}

const show = (v: unknown) => (typeof v === 'number' ? String(v) : '—');

function RulesTable({ defaults, effective }: Omit<RuleSettings, 'overrides'>) {
  return (
    <table>
      <thead>
        <tr>
          <th>Rule</th>
          <th className="num">Default</th>
          <th className="num">In effect</th>
        </tr>
      </thead>
      <tbody>
        {ruleFields.map((f) => (
          <tr key={f.name}>
            <td>
              {f.label}
              <div className="muted">{f.hint}</div>
            </td>
            <td className="num muted">{show(valueAt(defaults, f.name))}</td>
            <td className="num" data-rule={f.name}>
              {show(valueAt(effective, f.name))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export default async function SettingsPage() {
  const viewer = await getViewer();
  if (viewer.kind !== 'ok') return null;
  const abilities = abilitiesOf(viewer.data);
  const { tenant } = viewer.data;
  const [rules, keys] = await Promise.all([
    gql<{ ruleSettings: RuleSettings }>(
      `{ ruleSettings { overrides defaults { ${ruleValues} } effective { ${ruleValues} } } }`,
    ),
    abilities.canManageKeys
      ? gql<{ apiKeys: ApiKeyRow[] }>('{ apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt } }')
      : null,
  ]);
  return (
    <>
      <PageHeader title="Settings" subtitle="Tenant, recommendation rules and API keys." />
      <div className="grid">
        <Card title="Tenant">
          <dl>
            <dt className="muted">Name</dt>
            <dd>{tenant.name}</dd>
            <dt className="muted">Slug</dt>
            <dd>
              <code>{tenant.slug}</code>
            </dd>
            <dt className="muted">Vertical</dt>
            <dd>{tenant.vertical}</dd>
          </dl>
        </Card>
        <Card title="Vertical and rule settings" wide>
          <Show result={rules} feature="Rule settings">
            {({ ruleSettings: r }) =>
              abilities.canWrite ? (
                <RuleSettingsForm overrides={r.overrides} defaults={r.defaults} effective={r.effective} />
              ) : (
                <>
                  <p className="muted">
                    Your role ({abilities.role}) can read the rule settings but not change them.
                  </p>
                  <RulesTable defaults={r.defaults} effective={r.effective} />
                </>
              )
            }
          </Show>
        </Card>
        <Card title="API keys" wide>
          {!keys ? (
            <p className="muted">Only owners manage API keys; your role is {abilities.role}.</p>
          ) : (
            <>
              <CreateKeyForm />
              <Show result={keys} feature="API keys">
                {({ apiKeys }) =>
                  apiKeys.length === 0 ? (
                    <Empty>No API keys.</Empty>
                  ) : (
                    <table>
                      <thead>
                        <tr>
                          <th>Name</th>
                          <th>Prefix</th>
                          <th>Scopes</th>
                          <th>Created</th>
                          <th>Last used</th>
                          <th>Status</th>
                        </tr>
                      </thead>
                      <tbody>
                        {apiKeys.map((k) => (
                          <tr key={k.id}>
                            <td>{k.name}</td>
                            <td>
                              <code>{k.prefix}</code>
                            </td>
                            <td>{k.scopes.join(', ')}</td>
                            <td>{fmtDate(k.createdAt)}</td>
                            <td>{fmtDate(k.lastUsedAt)}</td>
                            <td>
                              {k.revokedAt ? (
                                <Badge tone="neutral">revoked {fmtDate(k.revokedAt)}</Badge>
                              ) : (
                                <RevokeButton id={k.id} name={k.name} />
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )
                }
              </Show>
            </>
          )}
        </Card>
        <Card title="Admin users">
          <p>
            Who signs in, and with which role: see <Link href="/team">Team</Link>.
          </p>
        </Card>
      </div>
    </>
  );
}
