/**
 * Node flags the stream-worker is deployed with (infra/k8s/stream-worker.yaml, and this package's
 * `npm start` and `bench:ingest`, spell them out; tests here and in e2e keep them alike).
 *
 * A 128 MB young-generation semi-space: a batch's events live across its database round trips,
 * and with V8's default 16 MB every scavenge copied them again (40% less GC time in bench:ingest,
 * for up to ~400 MB more memory).
 *
 * No allocation-site pretenuring: V8 allocates the objects of sites whose objects often survived
 * a scavenge straight in the old generation, and old objects pointing at young ones are work for
 * every scavenge. Four interleaved bench:ingest pairs (300k events, live phase at 7,000/s): worker
 * CPU 52–55 against 59–63 µs per event in all four, machine CPU 134–142 against 143–153, events/s
 * higher in three and visibility p99 lower in three.
 */
export const STREAM_WORKER_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=128',
  '--no-allocation-site-pretenuring',
];
