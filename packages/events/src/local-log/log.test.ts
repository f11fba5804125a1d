import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogConsumer } from './consumer.js';
import { encodeRecord } from './record.js';
import { LogWriter } from './writer.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(
  topicDir: string,
  groupId: string,
  commit = true,
  enough: (values: string[]) => boolean = () => true,
): Promise<string[]> {
  const consumer = new LogConsumer({ topicDir, topic: 't', groupId, maxBatchBytes: 256 });
  const values: string[] = [];
  let idle = 0;
  await consumer.run(async ({ batch, resolveOffset, commitOffsets }) => {
    for (const message of batch.messages) {
      values.push(String(message.value));
      resolveOffset(message.offset);
    }
    if (commit) await commitOffsets();
    else throw new Error('handler failed before commit');
  });
  // The log has no end; stop once nothing new arrived for a while (and, on a loaded machine where
  // retries back off, once the caller has seen what it waits for, or after 10 s).
  let last = -1;
  const deadline = Date.now() + 10_000;
  while ((idle < 5 || !enough(values)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    idle = values.length === last ? idle + 1 : 0;
    last = values.length;
  }
  await consumer.stop();
  return values;
}

describe('local event log', () => {
  it('cuts off a torn last record on reopen and keeps every whole one', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-'));
    const writer = await LogWriter.open(dir, { segmentBytes: 1000 });
    for (let i = 0; i < 40; i++)
      await writer.append([{ key: null, value: Buffer.from(`v${i}`), timestampMs: 1 }]);
    await writer.close();
    expect(readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(1);

    // A crash mid-append: half of a record's bytes reached the disk.
    const segments = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .sort();
    const lastSegment = path.join(dir, segments.at(-1) as string);
    const torn = encodeRecord({ key: null, value: Buffer.from('never-complete'), timestampMs: 2 });
    appendFileSync(lastSegment, torn.subarray(0, 15));
    const sizeWithTear = statSync(lastSegment).size;

    const reopened = await LogWriter.open(dir, { segmentBytes: 1000 });
    expect(statSync(lastSegment).size).toBe(sizeWithTear - 15);
    await reopened.append([{ key: null, value: Buffer.from('after-crash'), timestampMs: 3 }]);
    await reopened.close();

    const values = await readAll(dir, 'g');
    expect(values).toEqual([...Array.from({ length: 40 }, (_, i) => `v${i}`), 'after-crash']);
  });

  it('replays from the last commit after a failed handler and after a restart', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-'));
    const writer = await LogWriter.open(dir);
    await writer.append(
      Array.from({ length: 10 }, (_, i) => ({ key: null, value: Buffer.from(`a${i}`), timestampMs: 1 })),
    );
    const failed = await readAll(dir, 'g', false, (values) => values.filter((v) => v === 'a0').length > 1);
    // Each failure rewinds to the last commit: the first batch comes again and again.
    expect(failed.filter((value) => value === 'a0').length).toBeGreaterThan(1);
    expect(await readAll(dir, 'g')).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`));
    await writer.append([{ key: null, value: Buffer.from('b'), timestampMs: 1 }]);
    await writer.close();
    expect(await readAll(dir, 'g')).toEqual(['b']);
  });

  it('hands consumers nothing past the durable end: bytes not yet synced are never read', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-'));
    const writer = await LogWriter.open(dir);
    await writer.append([{ key: null, value: Buffer.from('synced'), timestampMs: 1 }]);
    // Whole, checksum-valid bytes past the durable end: what the page cache holds between a
    // round's write and its sync, and what a power loss may take back.
    const segment = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.log')) as string);
    appendFileSync(segment, encodeRecord({ key: null, value: Buffer.from('unsynced'), timestampMs: 2 }));
    expect(await readAll(dir, 'g')).toEqual(['synced']);
    // The writer's next round goes where its durable end is, over those bytes.
    await writer.append([{ key: null, value: Buffer.from('next'), timestampMs: 3 }]);
    expect(await readAll(dir, 'g')).toEqual(['next']);
    await writer.close();
  });

  it('undoes a round whose sync failed, so the next round takes its place and readers never see it', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-'));
    const writer = await LogWriter.open(dir);
    await writer.append([{ key: null, value: Buffer.from('before'), timestampMs: 1 }]);
    // An fdatasync that fails once (EIO), after the round's bytes were written.
    const handle = (writer as unknown as { handle: { datasync: () => Promise<void> } }).handle;
    const datasync = handle.datasync.bind(handle);
    let failures = 1;
    handle.datasync = async () => {
      if (failures-- > 0) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      return datasync();
    };
    await expect(
      writer.append([{ key: null, value: Buffer.from('rejected-to-its-sender'), timestampMs: 2 }]),
    ).rejects.toThrow(/EIO/);
    await writer.append([{ key: null, value: Buffer.from('after'), timestampMs: 3 }]);
    expect(await readAll(dir, 'g')).toEqual(['before', 'after']);
    await writer.close();
    // Reopened (recovery), the log holds exactly the acknowledged records.
    const reopened = await LogWriter.open(dir);
    await reopened.close();
    expect(await readAll(dir, 'g2')).toEqual(['before', 'after']);
  });

  it('refuses a second writer process-wide and a second member of one group', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tessera-log-'));
    const consumer = new LogConsumer({ topicDir: dir, topic: 't', groupId: 'g' });
    expect(() => new LogConsumer({ topicDir: dir, topic: 't', groupId: 'g' })).toThrow(/already open/);
    await consumer.stop();
  });
});
