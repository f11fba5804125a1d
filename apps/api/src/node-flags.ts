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
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
