import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Connection, Db } from '@tessera/db';
import { dependencyOutage, isTesseraError, type TesseraError } from '@tessera/errors';
import type { EventPublisher } from '@tessera/events';
import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { Authenticator, type Caller } from './auth/caller.js';
import { createContext, type RequestContext } from './context.js';
import { ExperimentDirectory } from './experiments/assignment.js';
import { adminResolvers } from './graphql/admin-resolvers.js';
import { formatError } from './graphql/errors.js';
import { experimentResolvers } from './graphql/experiment-resolvers.js';
import { limitRules } from './graphql/limits.js';
import { operationsResolvers } from './graphql/operations-resolvers.js';
import { resolvers } from './graphql/resolvers.js';
import { socialResolvers } from './graphql/social-resolvers.js';
import { readBody, statusFor } from './http/body.js';
import { handleIngest } from './http/ingest.js';
import { login, logout } from './http/session.js';
import { EventSink } from './ingest/sink.js';
import { createMetrics } from './metrics.js';
import { RateLimiter } from './rate-limit.js';
import type { Services } from './services.js';
import { CatalogCache } from './serving/catalog.js';
import { DEFAULT_TRAINED_CANDIDATES_MB, ModelCache } from './serving/model-cache.js';
import { PopularityCache } from './serving/popularity.js';
import { RecommendationService } from './serving/recommender.js';
import { TenantDirectory } from './serving/tenants.js';
import { createThreadedRanker, inlineRanker } from './serving/threaded-ranker.js';
import type { UserStateCacheOptions } from './serving/user-state-cache.js';
import { startUserStateCache } from './serving/user-state-wiring.js';

export const typeDefs = readFileSync(new URL('./graphql/schema.graphql', import.meta.url), 'utf8');

export interface ApiServerOptions {
  db: Db;
  publisher: EventPublisher;
  /** Exposures of served lists go here when given (e.g. `createThreadedPublisher`), else to `publisher`. */
  exposurePublisher?: EventPublisher;
  /** NOTIFY subscription (Connection.listen): promoted models are loaded within moments, not at the next poll. */
  listen?: Connection['listen'];
  log: Logger;
  host?: string;
  port?: number;
  production?: boolean;
  queriesPerSecond?: number;
  eventsPerSecond?: number;
  maxBodyBytes?: number;
  maxIngestBodyBytes?: number;
  sessionTtlHours?: number;
  corsOrigins?: string[];
  /**
   * Worker threads that rank recommendation lists; 0 (the default) ranks on the event loop. On the
   * 2-core bench machine, shared with PostgreSQL and the load generator, one thread cost 0.17 ms more
   * CPU per list than ranking inline (server 1.006 vs 0.835 ms, whole machine 1.279 vs 1.107) for
   * fewer lists per second (1,182 vs 1,294): the copy of the user's state, the copied answer and a
   * wake-up each way buy a second core that is already busy.
   */
  rankingThreads?: number;
  /**
   * Keep users' serving state in the process (serving/user-state-cache.ts), kept correct by the
   * notifications of migration 0011, and preload the tenants with an active model before /readyz
   * says ready. Off by default (every request reads PostgreSQL, so a write is seen by the very next
   * request); main.ts turns it on (API_USER_STATE_CACHE). Needs a PostgreSQL server (not PGlite).
   */
  userStateCache?: boolean | UserStateCacheOptions;
  /**
   * MiB that trained users' candidate lists may hold across the tenants' active models
   * (serving/trained-top.ts; default 128, ~1,600 users per MiB at 80 items each); 0 turns them off.
   * Active models are loaded, and their lists computed, before /readyz says ready.
   */
  trainedCandidatesMb?: number;
  /**
   * How long an idle keep-alive connection stays open (default 65 s, past the 60 s idle timeout of
   * common load balancers). Node's 5 s default let a client reuse a connection the server was just
   * closing, and that request failed with ECONNRESET (bench:api's open-loop load saw it).
   */
  keepAliveTimeoutMs?: number;
}

export interface ApiServer {
  url: string;
  services: Services;
  /** Stops taking requests, lets in-flight ones finish, flushes events. */
  close(): Promise<void>;
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { db, log } = options;
  const metrics = createMetrics();
  const catalogs = new CatalogCache(db);
  const popularity = new PopularityCache(db);
  const models = new ModelCache(db, log, undefined, {
    budgetBytes: (options.trainedCandidatesMb ?? DEFAULT_TRAINED_CANDIDATES_MB) * 2 ** 20,
  });
  new Gauge({
    name: 'tessera_api_trained_candidates',
    help: "Trained users' candidate lists of the active models: lookups (hits, misses), lists filled, lookups that ran short of items after the user's own, bytes held and left in the budget",
    labelNames: ['stat'],
    registers: [metrics.registry],
    collect() {
      for (const [stat, value] of Object.entries(models.trainedTopStats())) this.set({ stat }, value);
    },
  });
  const rankingThreads = options.rankingThreads ?? 0;
  const ranker = rankingThreads > 0 ? createThreadedRanker({ threads: rankingThreads }) : inlineRanker;
  const services: Services = {
    db,
    log,
    metrics,
    auth: new Authenticator(db),
    tenants: new TenantDirectory(db),
    catalogs,
    popularity,
    models,
    recommender: new RecommendationService(
      db,
      catalogs,
      popularity,
      models,
      { onBatch: (users) => metrics.userStateBatch.observe(users) },
      ranker,
    ),
    events: new EventSink(options.publisher, metrics, log, options.exposurePublisher),
    experiments: new ExperimentDirectory(db),
    queryLimiter: new RateLimiter(options.queriesPerSecond ?? 2000, undefined, 'queries'),
    eventLimiter: new RateLimiter(options.eventsPerSecond ?? 20_000, undefined, 'events'),
  };
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const production = options.production ?? false;
  let ready = false;

  const httpServer: Server = createServer();
  httpServer.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  // Headers of a request on a reused connection must be allowed at least as long as it idles.
  httpServer.headersTimeout = Math.max(httpServer.headersTimeout, httpServer.keepAliveTimeout + 1_000);
  const apollo = new ApolloServer<RequestContext>({
    // The process owner (main.ts, npm start) handles SIGTERM/SIGINT and calls close(); Apollo's own
    // handlers stopped it a second time concurrently, and that close() never returned.
    stopOnTerminationSignals: false,
    typeDefs,
    resolvers: [
      resolvers,
      experimentResolvers,
      operationsResolvers,
      socialResolvers,
      adminResolvers,
    ] as never,
    validationRules: limitRules(),
    formatError,
    includeStacktraceInErrorResponses: !production,
    introspection: true,
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      httpStatusFromErrors(),
      // No cache hints in this schema; left on, the plugin wraps every field resolver (a hook call per
      // field, ~40 per recommendation list) to compute a policy nobody reads.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = String(request.headers['x-request-id'] ?? randomUUID()).slice(0, 100);
    const started = performance.now();
    const url = requestTarget(request.url);
    const route = routeName(url.pathname);
    response.setHeader('x-request-id', requestId);
    const reqLog = log.child({ requestId });
    const finish = () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.requests.inc({ route, status: String(response.statusCode) });
      metrics.latency.observe({ route }, seconds);
      reqLog.debug({ route, status: response.statusCode, ms: Math.round(seconds * 1000) }, 'request done');
    };
    response.on('finish', finish);
    reqLog.debug({ method: request.method, route }, 'request started');
    handle(request, response, url, requestId, reqLog).catch((error: unknown) =>
      sendError(response, error, reqLog),
    );
  });

  async function resolveCaller(request: IncomingMessage): Promise<Caller | null> {
    return services.auth.fromHeaders(request.headers.authorization, request.headers.cookie);
  }

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: RequestTarget,
    requestId: string,
    reqLog: Logger,
  ) {
    const cors = corsHeaders(request, options.corsOrigins ?? []);
    for (const [k, v] of Object.entries(cors)) response.setHeader(k, v);
    if (request.method === 'OPTIONS') return send(response, 204, '');
    switch (url.pathname) {
      case '/healthz':
        return sendJson(response, 200, { status: 'ok' });
      case '/readyz':
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'starting' });
      case '/metrics':
        response.setHeader('content-type', metrics.registry.contentType);
        return send(response, 200, await metrics.registry.metrics());
      case '/v1/events': {
        if (request.method !== 'POST')
          return sendJson(response, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } });
        const result = await handleIngest(
          request,
          await resolveCaller(request),
          services,
          options.maxIngestBodyBytes ?? 5_000_000,
        );
        return sendJson(response, result.rejected > 0 && result.accepted === 0 ? 400 : 200, result);
      }
      case '/auth/login': {
        if (request.method !== 'POST')
          return sendJson(response, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } });
        const result = await login(request, db, options.sessionTtlHours ?? 12, production);
        response.setHeader('set-cookie', result.cookie);
        return sendJson(response, 200, result.body);
      }
      case '/auth/logout': {
        if (request.method !== 'POST')
          return sendJson(response, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'use POST' } });
        response.setHeader('set-cookie', await logout(request, db, production));
        return sendJson(response, 200, { ok: true });
      }
      case '/graphql':
        return graphql(request, response, url, requestId, reqLog);
      default:
        return sendJson(response, 404, { error: { code: 'NOT_FOUND', message: `no route ${url.pathname}` } });
    }
  }

  async function graphql(
    request: IncomingMessage,
    response: ServerResponse,
    url: RequestTarget,
    requestId: string,
    reqLog: Logger,
  ) {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const rawBody = request.method === 'POST' ? await readBody(request, maxBody) : '';
    let body: unknown = rawBody;
    if (rawBody && (headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return sendJson(response, 400, {
          errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
      }
    }
    // Credentials are checked before GraphQL runs, so a bad key is a 401 whatever the query.
    let caller: Caller | null;
    try {
      caller = await resolveCaller(request);
    } catch (thrown) {
      // A key lookup while PostgreSQL is down is a 503 the client may retry, not a 500.
      const error = isTesseraError(thrown) ? thrown : dependencyOutage(thrown);
      if (!error) throw thrown;
      setRetryAfter(response, error);
      return sendJson(response, statusFor[error.code] ?? 401, {
        errors: [
          {
            message: error.message,
            extensions: { code: error.code, ...(error.hint ? { hint: error.hint } : {}) },
          },
        ],
      });
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
      context: async () => createContext(services, caller, requestId, reqLog),
    });
    for (const [key, value] of result.headers) response.setHeader(key, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    }
  }

  const stopUserStates = options.userStateCache
    ? await startUserStateCache(
        db,
        options.listen,
        services.recommender,
        log,
        options.userStateCache === true ? {} : options.userStateCache,
      )
    : undefined;
  const unlisten = options.listen
    ? await options.listen('tessera_models', (tenantId) => {
        void models.reload(tenantId);
      })
    : undefined;
  await models.preloadActive();
  await new Promise<void>((resolve) =>
    httpServer.listen(options.port ?? 4000, options.host ?? '127.0.0.1', resolve),
  );
  ready = true;
  const address = httpServer.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  return {
    url,
    services,
    async close() {
      ready = false;
      const began = performance.now();
      const step = async (name: string, work: () => Promise<unknown> | undefined) => {
        await work();
        log.debug({ step: name, ms: Math.round(performance.now() - began) }, 'api closing');
      };
      await step('unlisten', () => unlisten?.());
      await step('user states', () => stopUserStates?.());
      await step('drain', () => apollo.stop());
      await step('ranker', () => ranker.close());
      await step('events', () => services.events.close());
    },
  };
}

/** RATE_LIMITED and UNAUTHENTICATED results get their HTTP status, not 200, so proxies and clients can react. */
function httpStatusFromErrors(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          const codes = new Set(
            (errors ?? []).map(
              (e) => (e.originalError as { code?: string } | undefined)?.code ?? e.extensions?.code,
            ),
          );
          // Every operation needs credentials, so a missing one is a 401 even when the field is nullable.
          if (codes.has('UNAUTHENTICATED')) response.http.status = 401;
          if (codes.has('RATE_LIMITED')) response.http.status = 429;
        },
      };
    },
  };
}

interface RequestTarget {
  pathname: string;
  search: string;
}

/** Plain paths (letters, digits, `/_-`), the usual case, split at `?`; anything else is left to URL's parser. */
const PLAIN_PATH = /^\/[A-Za-z0-9/_-]*$/;

/**
 * The path and query of a request target. A WHATWG URL per request was ~1% of the event loop per
 * recommendation; a plain path needs no normalising, so it is only split.
 */
function requestTarget(raw = '/'): RequestTarget {
  const q = raw.indexOf('?');
  const pathname = q < 0 ? raw : raw.slice(0, q);
  if (PLAIN_PATH.test(pathname)) return { pathname, search: q < 0 ? '' : raw.slice(q) };
  const url = new URL(raw, 'http://localhost');
  return { pathname: url.pathname, search: url.search };
}

function routeName(path: string): string {
  return [
    '/graphql',
    '/v1/events',
    '/healthz',
    '/readyz',
    '/metrics',
    '/auth/login',
    '/auth/logout',
  ].includes(path)
    ? path
    : 'other';
}

function corsHeaders(request: IncomingMessage, origins: string[]): Record<string, string> {
  const origin = request.headers.origin;
  if (!origin || !origins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'content-type, authorization, apollo-require-preflight, x-request-id',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    vary: 'origin',
  };
}

function send(response: ServerResponse, status: number, body: string) {
  response.statusCode = status;
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.setHeader('content-type', 'application/json; charset=utf-8');
  send(response, status, JSON.stringify(body));
}

function setRetryAfter(response: ServerResponse, error: TesseraError) {
  const seconds = error.details?.retryAfterSeconds;
  if (typeof seconds === 'number' && seconds > 0)
    response.setHeader('retry-after', String(Math.ceil(seconds)));
}

function sendError(response: ServerResponse, thrown: unknown, log: Logger) {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const error = isTesseraError(thrown) ? thrown : dependencyOutage(thrown);
  if (error) {
    const status = statusFor[error.code] ?? 400;
    if (status === 429 || status === 503) setRetryAfter(response, error);
    if (status === 503) log.warn({ err: thrown }, 'dependency unavailable');
    return sendJson(response, status, {
      error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    });
  }
  log.error({ err: thrown }, 'unexpected error');
  return sendJson(response, 500, {
    error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
  });
}
