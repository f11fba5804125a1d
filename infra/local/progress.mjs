/**
 * Progress lines go to stderr so that stdout stays machine-readable (`env` prints only exports).
 * Each line carries the seconds since the command began, because the first Kafka resolve and the
 * first initdb take long enough that a silent terminal looks hung.
 */

/** @typedef {(message: string) => void} Log */

/**
 * @param {string} [prefix]
 * @returns {Log}
 */
export function createLog(prefix = 'services') {
  const started = performance.now();
  return (message) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`[${prefix} +${seconds}s] ${message}\n`);
  };
}

/** @type {Log} */
export const silentLog = () => {};

/**
 * Runs `task`, logging `label … Ns` every `everyMs` until it settles: used around Maven and JVM starts.
 * @template T
 * @param {Log} log
 * @param {string} label
 * @param {() => Promise<T>} task
 * @param {number} [everyMs]
 * @returns {Promise<T>}
 */
export async function withHeartbeat(log, label, task, everyMs = 5000) {
  const started = performance.now();
  const timer = setInterval(() => {
    log(`${label} … ${Math.round((performance.now() - started) / 1000)}s`);
  }, everyMs);
  try {
    return await task();
  } finally {
    clearInterval(timer);
  }
}
