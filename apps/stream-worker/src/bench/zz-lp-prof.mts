import { randomUUID } from 'node:crypto';
import { createKafkaTransport } from '@tessera/events';
const brokers = process.env.KAFKA_BROKERS!.split(',');
const t = createKafkaTransport({ brokers });
const topic = `lp-prof-${Date.now()}`;
await t.ensureTopic(topic, 6);
await t.close();
const spec = { brokers, topic, ratePerSec: 9000, seconds: 10, tickMs: 50, tenantIds: Array.from({length:10},()=>randomUUID()), users: 10000, items: 2000, clock: 'live' };
process.stdout.write(JSON.stringify(spec));
