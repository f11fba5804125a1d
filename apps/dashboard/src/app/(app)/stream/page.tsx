import { Card, Empty, PageHeader, Show, Stat } from '../../../components/ui';
import { gql } from '../../../lib/api';
import { fmtDate, fmtNumber } from '../../../lib/format';
import { type StreamHealth, streamPageQuery, windowLabels, windows } from './queries';

export default async function StreamPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const requested = (await searchParams).window;
  const window = windows.find((w) => w === requested) ?? 'HOUR';
  const result = await gql<{ streamHealth: StreamHealth }>(streamPageQuery, { window });
  return (
    <>
      <PageHeader
        title="Stream"
        subtitle="Throughput, freshness and the events the stream-worker rejected."
        actions={
          <form method="get" className="form-row">
            <div className="field">
              <label htmlFor="window">Window</label>
              <select id="window" name="window" defaultValue={window}>
                {windows.map((w) => (
                  <option key={w} value={w}>
                    {windowLabels[w]}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="secondary">
              Show
            </button>
          </form>
        }
      />
      <Show result={result} feature="Stream health">
        {({ streamHealth: s }) => (
          <>
            <div className="stats">
              <Stat
                label="Events / s"
                value={fmtNumber(s.eventsPerSecond)}
                note={`${fmtNumber(s.events)} stored`}
              />
              <Stat
                label="Freshness"
                value={s.freshnessSeconds === null ? '—' : `${fmtNumber(s.freshnessSeconds)} s`}
                note="newest stored event's age (consumer lag)"
              />
              <Stat
                label="Dead letters"
                value={fmtNumber(s.deadLetterCount)}
                note={windowLabels[window].toLowerCase()}
              />
              <Stat
                label="Last event"
                value={<span style={{ fontSize: '1rem' }}>{fmtDate(s.lastReceivedAt)}</span>}
              />
            </div>
            <div className="grid">
              <Card title="Events by type">
                {s.byType.length === 0 ? (
                  <Empty>No events in this window.</Empty>
                ) : (
                  <table>
                    <tbody>
                      {s.byType.map((t) => (
                        <tr key={t.type}>
                          <td>{t.type}</td>
                          <td className="num">{fmtNumber(t.count)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Card>
              <Card title="Dead-letter browser" wide>
                {s.deadLetters.length === 0 ? (
                  <Empty>No rejected events.</Empty>
                ) : (
                  <table>
                    <thead>
                      <tr>
                        <th>Reason</th>
                        <th>Detail</th>
                        <th>Source</th>
                        <th>When</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.deadLetters.map((d) => (
                        <tr key={d.id}>
                          <td>
                            <code>{d.reasonCode}</code>
                          </td>
                          <td>
                            {d.message}
                            <details>
                              <summary>Original bytes</summary>
                              <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
                                {d.payload}
                              </pre>
                            </details>
                          </td>
                          <td>{d.source}</td>
                          <td>{fmtDate(d.createdAt)}</td>
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
    </>
  );
}
