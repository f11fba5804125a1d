import { Card, Empty, PageHeader, Show, Stat } from '../../../components/ui';
import { gql } from '../../../lib/api';
import { fmtNumber, fmtPercent } from '../../../lib/format';
import { ActiveUsersChart, SentimentChart } from './charts';
import {
  type Engagement,
  type Influencer,
  type SentimentPoint,
  type SocialAnalytics,
  socialQueries,
} from './queries';

/** Cell shade of the retention heatmap: darker for a higher share of the cohort still active. */
const heat = (rate: number) => `rgb(79 70 229 / ${Math.max(0.05, Math.min(1, rate)).toFixed(2)})`;

export default async function SocialPage() {
  const [analytics, engagement, sentiment, influencers] = await Promise.all([
    gql<{ socialAnalytics: SocialAnalytics }>(socialQueries.analytics),
    gql<{ engagement: Engagement }>(socialQueries.engagement),
    gql<{ sentimentTrend: SentimentPoint[] }>(socialQueries.sentiment),
    gql<{ influencers: Influencer[] }>(socialQueries.influencers),
  ]);
  return (
    <>
      <PageHeader title="Social" subtitle="Trending items, sentiment, influencers and engagement." />
      <Show result={engagement} feature="Engagement">
        {({ engagement: e }) => (
          <>
            <div className="stats">
              <Stat label="DAU" value={fmtNumber(e.dau)} />
              <Stat label="WAU" value={fmtNumber(e.wau)} />
              <Stat label="MAU" value={fmtNumber(e.mau)} />
              <Stat label="Stickiness" value={fmtPercent(e.stickiness)} note="DAU / MAU" />
            </div>
            <div className="grid" style={{ marginBottom: '1rem' }}>
              <Card title="Active users" wide>
                {e.series.length === 0 ? (
                  <Empty>No activity yet.</Empty>
                ) : (
                  <ActiveUsersChart series={e.series} />
                )}
              </Card>
              <Card title="Retention by cohort">
                {e.retention.length === 0 ? (
                  <Empty>No cohorts yet.</Empty>
                ) : (
                  <div style={{ overflowX: 'auto' }}>
                    <table>
                      <thead>
                        <tr>
                          <th>Cohort</th>
                          <th className="num">Users</th>
                          {e.retention[0]!.rates.map((_, i) => (
                            <th key={String(i)} className="num">
                              +{i}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {e.retention.map((c) => (
                          <tr key={c.cohort}>
                            <td>{c.cohort.slice(0, 10)}</td>
                            <td className="num">{fmtNumber(c.size)}</td>
                            {c.rates.map((r, i) => (
                              <td
                                key={String(i)}
                                className="num"
                                style={{ background: heat(r), color: r > 0.5 ? 'white' : undefined }}
                              >
                                {fmtPercent(r)}
                              </td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </Card>
              <Card title="Funnel">
                {e.funnel.length === 0 ? (
                  <Empty>No funnel data yet.</Empty>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th>Step</th>
                        <th className="num">Users</th>
                        <th className="num">From previous</th>
                        <th className="num">From start</th>
                      </tr>
                    </thead>
                    <tbody>
                      {e.funnel.map((s) => (
                        <tr key={s.step}>
                          <td>{s.step}</td>
                          <td className="num">{fmtNumber(s.users)}</td>
                          <td className="num">{fmtPercent(s.conversionFromPrevious)}</td>
                          <td className="num">{fmtPercent(s.conversionFromStart)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
            </div>
          </>
        )}
      </Show>
      <div className="grid">
        <Card title="Sentiment over time" wide>
          <Show result={sentiment} feature="Sentiment trend">
            {({ sentimentTrend }) =>
              sentimentTrend.length === 0 ? (
                <Empty>No reviews or comments yet.</Empty>
              ) : (
                <SentimentChart points={sentimentTrend} />
              )
            }
          </Show>
        </Card>
        <Card title="Trending this week">
          <Show result={analytics} feature="Social analytics">
            {({ socialAnalytics: a }) =>
              a.trending.length === 0 ? (
                <Empty>Nothing is trending yet.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>Item</th>
                      <th className="num">Now</th>
                      <th className="num">Baseline</th>
                      <th className="num">z</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.trending.map((t) => (
                      <tr key={t.itemId}>
                        <td>{t.item?.title ?? t.itemId}</td>
                        <td className="num">{fmtNumber(t.current)}</td>
                        <td className="num">{fmtNumber(t.baseline)}</td>
                        <td className="num">{fmtNumber(t.zScore)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Show>
        </Card>
        <Card title="Influencers">
          <Show result={influencers} feature="Influencers">
            {({ influencers: list }) =>
              list.length === 0 ? (
                <Empty>No follow or share graph yet.</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th className="num">#</th>
                      <th>User</th>
                      <th className="num">PageRank</th>
                      <th className="num">Followers</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((u) => (
                      <tr key={u.userId}>
                        <td className="num">{u.rank}</td>
                        <td>{u.userId}</td>
                        <td className="num">{u.score.toFixed(4)}</td>
                        <td className="num">{fmtNumber(u.followers)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Show>
        </Card>
        <Card title="Activity and virality (7 days)">
          <Show result={analytics} feature="Social analytics">
            {({ socialAnalytics: a }) => (
              <table>
                <tbody>
                  <tr>
                    <td>Likes · shares · comments · reviews · follows</td>
                    <td className="num">
                      {[a.likes, a.shares, a.comments, a.reviews, a.follows]
                        .map((n) => fmtNumber(n))
                        .join(' · ')}
                    </td>
                  </tr>
                  <tr>
                    <td>Mean sentiment</td>
                    <td className="num">{fmtNumber(a.sentimentMean)}</td>
                  </tr>
                  <tr>
                    <td>Share cascades</td>
                    <td className="num">{fmtNumber(a.virality.cascades)}</td>
                  </tr>
                  <tr>
                    <td>k-factor (re-shares per share)</td>
                    <td className="num">{fmtNumber(a.virality.kFactor)}</td>
                  </tr>
                  <tr>
                    <td>Deepest cascade</td>
                    <td className="num">{fmtNumber(a.virality.maxDepth)}</td>
                  </tr>
                </tbody>
              </table>
            )}
          </Show>
        </Card>
      </div>
    </>
  );
}
