import { Badge, Card, Empty, PageHeader, Show } from '../../../components/ui';
import { abilitiesOf, getViewer, gql } from '../../../lib/api';
import { fmtDate } from '../../../lib/format';
import { InviteForm, RemoveButton, RoleForm } from './team-forms';

interface AdminUserRow {
  id: string;
  email: string;
  role: 'owner' | 'admin' | 'viewer';
  createdAt: string;
  lastLoginAt: string | null;
}

const roleTone = { owner: 'info', admin: 'good', viewer: 'neutral' } as const;

export default async function TeamPage() {
  const [viewer, result] = await Promise.all([
    getViewer(),
    gql<{ adminUsers: AdminUserRow[] }>('{ adminUsers { id email role createdAt lastLoginAt } }'),
  ]);
  if (viewer.kind !== 'ok') return null;
  const abilities = abilitiesOf(viewer.data);
  const canManage = abilities.role === 'owner';
  const me = viewer.data.me.email;
  return (
    <>
      <PageHeader title="Team" subtitle="Who can sign in to this tenant's dashboard, and with which role." />
      <div className="grid">
        <Card title="Admin users" wide>
          {canManage ? (
            <InviteForm />
          ) : (
            <p className="muted">Only owners manage the team; your role is {abilities.role}.</p>
          )}
          <Show result={result} feature="Admin users">
            {({ adminUsers }) =>
              adminUsers.length === 0 ? (
                <Empty>No admin users.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>E-mail</th>
                      <th>Role</th>
                      <th>Added</th>
                      <th>Last sign-in</th>
                      {canManage ? <th>Remove</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {adminUsers.map((u) => (
                      <tr key={u.id}>
                        <td>
                          {u.email} {u.email === me ? <span className="muted">(you)</span> : null}
                        </td>
                        <td>
                          {canManage ? (
                            <RoleForm id={u.id} email={u.email} role={u.role} />
                          ) : (
                            <Badge tone={roleTone[u.role]}>{u.role}</Badge>
                          )}
                        </td>
                        <td>{fmtDate(u.createdAt)}</td>
                        <td>{fmtDate(u.lastLoginAt)}</td>
                        {canManage ? (
                          <td>
                            <RemoveButton id={u.id} email={u.email} />
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Show>
        </Card>
        <Card title="Roles">
          <dl>
            <dt>
              <Badge tone="neutral">viewer</Badge>
            </dt>
            <dd>Reads every page; changes nothing.</dd>
            <dt>
              <Badge tone="good">admin</Badge>
            </dt>
            <dd>Also runs experiments, promotes models and edits the rule settings.</dd>
            <dt>
              <Badge tone="info">owner</Badge>
            </dt>
            <dd>Also manages API keys and the team. A tenant always keeps at least one owner.</dd>
          </dl>
        </Card>
      </div>
    </>
  );
}
