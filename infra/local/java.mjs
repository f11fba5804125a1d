import path from 'node:path';
import { InfraError } from './errors.mjs';
import { run } from './processes.mjs';

/** Kafka 4's broker and tools need Java 17 or newer. */
const minimumMajor = 17;

/** @type {Promise<string> | undefined} */
let found;

/**
 * The `java` to run Kafka with: $JAVA_HOME/bin/java when set, else the one on PATH.
 * @returns {Promise<string>}
 */
export function findJava() {
  found ??= locate();
  return found;
}

async function locate() {
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const result = await run(java, ['-version']).catch(() => undefined);
  // `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_402" before Java 9) on stderr.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result?.stderr ?? '');
  const major = match?.[1] === '1' ? Number(match[2]) : Number(match?.[1]);
  if (result?.code !== 0 || !major) {
    throw new InfraError('JAVA_NOT_FOUND', `no working Java found (${java})`, {
      hint: 'install Java 17: `apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), or set JAVA_HOME',
    });
  }
  if (major < minimumMajor) {
    throw new InfraError('JAVA_TOO_OLD', `Kafka needs Java ${minimumMajor}+, but ${java} is Java ${major}`, {
      hint: 'install Java 17 (`apt-get install openjdk-17-jre-headless`) and set JAVA_HOME to it',
    });
  }
  return java;
}
