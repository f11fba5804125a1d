import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'route' | 'status'>;
  latency: Histogram<'route'>;
  eventsAccepted: Counter;
  eventsRejected: Counter<'code'>;
  recommendations: Counter<'cold_start'>;
  exposuresDropped: Counter;
  userStateBatch: Histogram;
}

/** Labels never carry tenant data beyond route and status: no ids, no user fields. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tessera_api_' });
  return {
    registry,
    requests: new Counter({
      name: 'tessera_api_requests_total',
      help: 'HTTP requests',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'tessera_api_request_seconds',
      help: 'HTTP request latency',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    eventsAccepted: new Counter({
      name: 'tessera_api_events_accepted_total',
      help: 'Events accepted by ingest',
      registers: [registry],
    }),
    eventsRejected: new Counter({
      name: 'tessera_api_events_rejected_total',
      help: 'Events rejected by ingest',
      labelNames: ['code'],
      registers: [registry],
    }),
    recommendations: new Counter({
      name: 'tessera_api_recommendations_total',
      help: 'Recommendation lists served',
      labelNames: ['cold_start'],
      registers: [registry],
    }),
    userStateBatch: new Histogram({
      name: 'tessera_api_user_state_batch_users',
      help: 'Users read by one batched user-state query (concurrent recommendation requests share it)',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    exposuresDropped: new Counter({
      name: 'tessera_api_exposures_dropped_total',
      help: 'Exposure events given up on (transport down past the queue bound or the shutdown deadline)',
      registers: [registry],
    }),
  };
}
