/**
 * Node flags the API process is deployed with (infra/k8s/api.yaml and `npm start` in this package
 * spell them out too; bench:api starts its server with them).
 *
 * A 64 MB young-generation semi-space instead of V8's default 16 MB: at 1,000 lists/s the server
 * allocates ~100 KB per request, so the default scavenged about every 125 ms, and every request
 * still queued or in flight across two scavenges (and each exposure waiting for its batch) was
 * promoted, growing the old generation ~5 MB/s until a mark-compact paused the event loop for
 * 15–30 ms. In six interleaved bench:api pairs at an evenly offered 1,000 req/s, p99 fell in five
 * (median 41 -> 28 ms) and main-thread CPU per request in five (0.67–0.73 vs 0.69–0.77 ms).
 *
 * No allocation-site pretenuring: V8 learns to allocate some sites' objects straight in the old
 * generation when many of them survived a scavenge, and under a queue of requests it picked
 * request-scoped sites (GraphQL execution, candidate lists); those old objects then point at
 * young ones, every scavenge walks those pointers, and they wait for a mark-compact to be freed.
 * In six interleaved pairs at an evenly offered 1,000 req/s, p99 was lower in five (median 25.9
 * against 35.3 ms); in the four with a GC trace the median scavenge pause was 3.9–4.5 against
 * 5.4–9.4 ms and the server's event-loop delay p99 5.5–8.5 against 8.2–18.7 ms, for the same
 * main-thread CPU per request (0.56–0.71 against 0.58–0.73 ms).
 *
 * Old space grown 4× its live size before the next mark-compact, not V8's own factor: the server's
 * old generation holds ~50 MB and still gains ~0.5 MB/s at 1,000 req/s, and V8 ran a mark-compact
 * every ~9 s. Each one is a 10–16 ms pause plus incremental steps and ~200 ms of concurrent marking
 * on the other core, and each showed as a 35–90 ms p99 in its second of the paced phase. With the
 * larger factor none ran in the measured seconds, and in four interleaved bench:api pairs
 * (`--only=paced`) p99 at 1,000 req/s was 7.6, 8.9, 12.3 and 12.1 ms against 24.6, 14.3, 32.8 and
 * 17.9 ms (peak RSS 455–469 MB either way); in two interleaved full runs 9.4 and 7.8 ms against 18.3
 * and 17.6 ms, for ~60 MB more peak RSS (525–535 against 469–470 MB). The old space is capped at
 * 512 MB so that the growth stays inside the pod's 1 GiB limit (infra/k8s/api.yaml) with the young
 * generation and the models' typed arrays beside it: near the cap V8 collects sooner instead.
 */
export const API_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=64',
  '--no-allocation-site-pretenuring',
  '--heap-growing-percent=300',
  '--max-old-space-size=512',
];
