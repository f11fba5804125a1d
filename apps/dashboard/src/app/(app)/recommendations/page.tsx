import { Badge, Card, Empty, PageHeader, Show, Stat } from '../../../components/ui';
import { gql } from '../../../lib/api';
import { fmtNumber, fmtPercent } from '../../../lib/format';

interface Explorer {
  recommendations: {
    requestId: string;
    modelVersion: string | null;
    experiment: string | null;
    variant: string | null;
    coldStart: boolean;
    items: {
      itemId: string;
      score: number;
      reasons: string[];
      item: { title: string; category: string | null } | null;
    }[];
  };
  user: {
    id: string;
    segment: string | null;
    followers: number;
    features: {
      views: number;
      clicks: number;
      purchases: number;
      ratings: number;
      ctr: number | null;
    } | null;
  } | null;
}

const explorerQuery = `query($userId: ID!, $count: Int) {
  recommendations(userId: $userId, count: $count, context: { surface: "dashboard-explorer" }) {
    requestId modelVersion experiment variant coldStart
    items { itemId score reasons item { title category } }
  }
  user(id: $userId) { id segment followers features { views clicks purchases ratings ctr } }
}`;

export default async function RecommendationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const userId = typeof params.user === 'string' ? params.user.trim() : '';
  const count = Math.min(50, Math.max(1, Number(params.count) || 10));
  const result = userId ? await gql<Explorer>(explorerQuery, { userId, count }) : null;
  return (
    <>
      <PageHeader title="Recommendations explorer" subtitle="Pick a user: see what they get, and why." />
      <Card>
        <form method="get" className="form-row">
          <div className="field">
            <label htmlFor="user">User id</label>
            <input id="user" name="user" defaultValue={userId} required placeholder="user-42" />
          </div>
          <div className="field">
            <label htmlFor="count">How many</label>
            <select id="count" name="count" defaultValue={String(count)}>
              {[5, 10, 20, 50].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Show recommendations</button>
        </form>
      </Card>
      <div style={{ marginTop: '1rem' }}>
        {!result ? (
          <Empty>Enter a user id to see their recommendations.</Empty>
        ) : (
          <Show result={result} feature="Recommendations">
            {({ recommendations: r, user }) => (
              <>
                <div className="stats">
                  <Stat
                    label="Model"
                    value={r.modelVersion ?? 'popularity'}
                    note={r.coldStart ? 'cold start' : 'personalised'}
                  />
                  <Stat
                    label="Views"
                    value={fmtNumber(user?.features?.views ?? 0)}
                    note={user ? `segment ${user.segment ?? '—'}` : 'unknown user'}
                  />
                  <Stat label="User CTR" value={fmtPercent(user?.features?.ctr)} />
                  <Stat
                    label="Experiment"
                    value={r.experiment ?? '—'}
                    note={r.variant ? `variant ${r.variant}` : undefined}
                  />
                </div>
                <Card title={`Top ${r.items.length} for ${userId}`}>
                  {r.coldStart ? (
                    <p>
                      <Badge tone="warn">cold start</Badge> Not enough history for this user: popular and
                      trending items.
                    </p>
                  ) : null}
                  {r.items.length === 0 ? (
                    <Empty>No recommendation for this user.</Empty>
                  ) : (
                    <table>
                      <thead>
                        <tr>
                          <th className="num">#</th>
                          <th>Item</th>
                          <th>Category</th>
                          <th className="num">Score</th>
                          <th>Why</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.items.map((item, index) => (
                          <tr key={item.itemId}>
                            <td className="num">{index + 1}</td>
                            <td>{item.item?.title ?? item.itemId}</td>
                            <td>{item.item?.category ?? '—'}</td>
                            <td className="num">{fmtNumber(item.score)}</td>
                            <td>
                              <div className="chips">
                                {item.reasons.map((reason) => (
                                  <span key={reason} className="chip">
                                    {reason}
                                  </span>
                                ))}
                              </div>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                  <p className="muted">
                    Request <code>{r.requestId}</code>
                  </p>
                </Card>
              </>
            )}
          </Show>
        )}
      </div>
    </>
  );
}
