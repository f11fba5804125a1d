import path from 'node:path';
import { findJava } from './java.mjs';
import { ensureKafkaLibs, toolLogConfig } from './kafka-libs.mjs';
import { run } from './processes.mjs';

/**
 * The JVM classpath holding the pinned Kafka broker, its tools and a log4j2 binding; resolves the
 * jars on first use.
 * @param {{ log?: (message: string) => void }} [options]
 * @returns {Promise<string>} e.g. `/root/.cache/tessera/kafka-4.1.2/libs/*`
 */
export async function kafkaClasspath(options = {}) {
  return path.join(await ensureKafkaLibs(options), '*');
}

/**
 * The command line for one of Kafka's tool classes, for callers that spawn it themselves (to stream
 * its output). The class names are those the bin/kafka-*.sh scripts run, e.g.
 * `org.apache.kafka.tools.ConsumerPerformance` (kafka-consumer-perf-test.sh),
 * `org.apache.kafka.tools.ProducerPerformance`, `org.apache.kafka.tools.TopicCommand`.
 * @param {string} className
 * @param {string[]} args
 * @param {{ heap?: string, log?: (message: string) => void }} [options] heap: -Xmx value, default 512m
 * @returns {Promise<{ command: string, args: string[] }>}
 */
export async function kafkaToolCommand(className, args, options = {}) {
  const classpath = await kafkaClasspath(options);
  const jvm = [`-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', '-Djava.awt.headless=true'];
  jvm.push(`-Dlog4j2.configurationFile=${toolLogConfig}`);
  return { command: await findJava(), args: [...jvm, '-cp', classpath, className, ...args] };
}

/**
 * Runs a Kafka tool class to completion and returns its output.
 * @param {string} className
 * @param {string[]} args
 * @param {{ heap?: string, log?: (message: string) => void }} [options]
 */
export async function runKafkaTool(className, args, options = {}) {
  const { command, args: fullArgs } = await kafkaToolCommand(className, args, options);
  return run(command, fullArgs);
}
