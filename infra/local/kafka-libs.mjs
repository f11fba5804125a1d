import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfraError } from './errors.mjs';
import { cacheRoot } from './paths.mjs';
import { run } from './processes.mjs';
import { silentLog, withHeartbeat } from './progress.mjs';

const kafkaFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kafka');
export const pomFile = path.join(kafkaFolder, 'pom.xml');
/** log4j2 settings for the broker (INFO to stdout, which goes to .tessera/logs) and for tools (WARN). */
export const brokerLogConfig = path.join(kafkaFolder, 'log4j2-broker.properties');
export const toolLogConfig = path.join(kafkaFolder, 'log4j2-tools.properties');

/**
 * The pinned Kafka version, read from the pom so that there is one place to change it.
 * @returns {Promise<string>}
 */
export async function kafkaVersion() {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(await readFile(pomFile, 'utf8'));
  if (!match?.[1]) throw new InfraError('KAFKA_POM_INVALID', `${pomFile} has no <kafka.version>`);
  return match[1];
}

/**
 * Makes sure the broker's and the tools' jars are in the cache, resolving them from Maven Central on
 * first use (about 45 MB), and returns the folder. A marker holding the pom's hash makes a pom edit
 * trigger a new resolve; the copy goes to a temporary folder first, so an interrupted download never
 * leaves a half-filled cache behind.
 * @param {{ log?: (message: string) => void }} [options]
 * @returns {Promise<string>} the folder holding the jars
 */
export async function ensureKafkaLibs({ log = silentLog } = {}) {
  const version = await kafkaVersion();
  const home = path.join(cacheRoot(), `kafka-${version}`);
  const libs = path.join(home, 'libs');
  const marker = path.join(home, 'resolved-from.sha256');
  const pomHash = createHash('sha256')
    .update(await readFile(pomFile))
    .digest('hex');
  if ((await readFile(marker, 'utf8').catch(() => '')).trim() === pomHash) return libs;

  const staging = path.join(home, `libs.partial-${process.pid}`);
  await mkdir(home, { recursive: true });
  await rm(staging, { recursive: true, force: true });
  const mvn = process.env.TESSERA_MVN ?? 'mvn';
  // The plugin is named with its version: Maven 3.8's default (2.8) predates several fixes.
  const args = [
    '-q',
    '-B',
    '-f',
    pomFile,
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
  ];
  args.push(`-DoutputDirectory=${staging}`, '-DincludeScope=runtime');
  log(`kafka: resolving Kafka ${version} jars from Maven Central into ${libs} (first run only)`);
  const result = await withHeartbeat(log, 'kafka: still resolving jars with Maven', () =>
    run(mvn, args).catch((/** @type {NodeJS.ErrnoException} */ error) => {
      if (error.code === 'ENOENT') {
        throw new InfraError('MAVEN_NOT_FOUND', `Maven (${mvn}) is not installed; it fetches Kafka's jars`, {
          hint: 'install it: `apt-get install maven` (Debian/Ubuntu) or `brew install maven`',
        });
      }
      throw error;
    }),
  );
  if (result.code !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new InfraError('KAFKA_RESOLVE_FAILED', `Maven could not resolve Kafka ${version}`, {
      hint: `check access to https://repo.maven.apache.org (or your ~/.m2/settings.xml mirror). Maven said:\n${(result.stdout + result.stderr).slice(-3000)}`,
    });
  }
  await rm(libs, { recursive: true, force: true });
  try {
    await rename(staging, libs);
  } catch (error) {
    // Another process resolved at the same time and renamed first: its copy is as good as ours.
    await rm(staging, { recursive: true, force: true });
    if ((await readFile(marker, 'utf8').catch(() => '')).trim() !== pomHash) throw error;
    return libs;
  }
  await writeFile(marker, `${pomHash}\n`);
  return libs;
}
