/** DATABASE_URL and KAFKA_BROKERS from the environment, or from infra/local's private services. */
export async function benchServices(
  log: (line: string) => void,
): Promise<{ databaseUrl: string; kafkaBrokers: string[] }> {
  let databaseUrl = process.env.DATABASE_URL;
  let kafkaBrokers = process.env.KAFKA_BROKERS;
  if (!databaseUrl || !kafkaBrokers) {
    log('DATABASE_URL or KAFKA_BROKERS unset: starting infra/local services');
    const services = (await import('@tessera/infra/local/services' as string)) as {
      up(options: {
        postgres: boolean;
        kafka: boolean;
        log: (m: string) => void;
      }): Promise<{ databaseUrl?: string; kafkaBrokers?: string }>;
    };
    const started = await services.up({ postgres: !databaseUrl, kafka: !kafkaBrokers, log });
    databaseUrl ??= started.databaseUrl;
    kafkaBrokers ??= started.kafkaBrokers;
  }
  if (!databaseUrl || !kafkaBrokers) throw new Error('no PostgreSQL or Kafka: run `npm run services:up`');
  process.env.DATABASE_URL = databaseUrl;
  return { databaseUrl, kafkaBrokers: kafkaBrokers.split(',') };
}

/** Kafka's own ConsumerPerformance tool (same jars as the broker) reading the same topic: the ceiling. */
export async function kafkaConsumerCeiling(
  brokers: string[],
  topic: string,
  messages: number,
): Promise<{ perSec: number; fetchPerSec: number }> {
  const services = (await import('@tessera/infra/local/services' as string)) as {
    runKafkaTool(
      className: string,
      args: string[],
      options?: { heap?: string },
    ): Promise<{ code: number; stdout: string; stderr: string }>;
  };
  const result = await services.runKafkaTool(
    'org.apache.kafka.tools.ConsumerPerformance',
    [
      '--bootstrap-server',
      brokers.join(','),
      '--topic',
      topic,
      '--messages',
      String(messages),
      '--group',
      `ceiling-${Date.now()}`,
      '--timeout',
      '60000',
    ],
    { heap: '1g' },
  );
  // Header: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const lines = result.stdout.trim().split('\n');
  const header = lines.findIndex((line) => line.includes('nMsg.sec'));
  const fields = (lines[header + 1] ?? '').split(',').map((f) => f.trim());
  const names = (lines[header] ?? '').split(',').map((f) => f.trim());
  const value = (name: string) => Number(fields[names.indexOf(name)]);
  if (result.code !== 0 || header < 0)
    throw new Error(`ConsumerPerformance failed: ${result.stderr.slice(-2000)}`);
  return { perSec: value('nMsg.sec'), fetchPerSec: value('fetch.nMsg.sec') };
}
