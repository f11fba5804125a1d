import { Badge, Card, Empty, PageHeader, Show, Unavailable } from '../../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../../lib/api';
import { fmtDate } from '../../../lib/format';
import { CreateKeyForm, RevokeButton } from './key-forms';

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
  const keys = abilities.canManageKeys
    ? await gql<{ apiKeys: ApiKeyRow[] }>(
        '{ apiKeys { id name prefix scopes createdAt lastUsedAt revokedAt } }',
      )
    : null;
  return (
    <>
      <PageHeader title="Settings" subtitle="Tenant, API keys and admin users." />
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
        <Card title="Vertical and rule settings">
          {Object.keys(tenant.settings).length === 0 ? (
            <Empty>The vertical's defaults apply (no overrides).</Empty>
          ) : (
            <pre style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(tenant.settings, null, 2)}</pre>
          )}
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
        <Card title="Admin users" wide>
          {abilities.queries.has('admins') ? (
            <p className="muted">Admin management arrives with the API's admins query.</p>
          ) : (
            <Unavailable feature="Admin users" field="admins" />
          )}
        </Card>
      </div>
    </>
  );
}
