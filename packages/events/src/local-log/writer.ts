import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { acquireLock, DurableEndFile, fsyncDirectory, listSegments, segmentName } from './files.js';
import { decodeRecord, encodeRecord, type LogRecord } from './record.js';

export interface LogWriterOptions {
  /** A new segment starts once the current one reaches this size (default 64 MiB). */
  segmentBytes?: number;
}

interface Pending {
  buffers: Buffer[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The single appender of one topic directory. `append` resolves only after fdatasync, and
 * appends arriving while a sync runs are written together by the next one (group commit), so
 * durability costs one sync per round rather than per call.
 */
export class LogWriter {
  private handle: FileHandle | undefined;
  private segmentBase = 0;
  private segmentSize = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private readonly segmentBytes: number;
  private durableEnd: DurableEndFile | undefined;
  /** Set when a failed append could not be undone: nothing more is written until a restart recovers. */
  private failure: Error | undefined;

  private constructor(
    readonly topicDir: string,
    private readonly release: () => void,
    options: LogWriterOptions,
  ) {
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
  }

  static async open(topicDir: string, options: LogWriterOptions = {}): Promise<LogWriter> {
    mkdirSync(topicDir, { recursive: true });
    const release = acquireLock(path.join(topicDir, 'writer.lock'), `the local log ${topicDir}`);
    const writer = new LogWriter(topicDir, release, options);
    try {
      await writer.recover();
      writer.durableEnd = new DurableEndFile(topicDir, writer.endPosition);
    } catch (error) {
      await writer.handle?.close();
      release();
      throw error;
    }
    return writer;
  }

  /** Position one past the last durable byte: the offset the next record gets. */
  get endPosition(): number {
    return this.segmentBase + this.segmentSize;
  }

  append(records: LogRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    const buffers = records.map(encodeRecord);
    return new Promise((resolve, reject) => {
      this.queue.push({ buffers, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
    this.durableEnd?.close();
    this.durableEnd = undefined;
    this.release();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const round = this.queue;
      this.queue = [];
      try {
        if (this.segmentSize >= this.segmentBytes) await this.roll();
        const data = Buffer.concat(round.flatMap((pending) => pending.buffers));
        const handle = this.handle as FileHandle;
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await handle.write(
            data,
            written,
            data.length - written,
            this.segmentSize + written,
          );
          written += bytesWritten;
        }
        await handle.datasync();
        this.segmentSize += data.length;
        this.publishDurableEnd();
        for (const pending of round) pending.resolve();
      } catch (error) {
        await this.undoFailedRound(error);
        for (const pending of round) pending.reject(error);
      }
    }
    this.flushing = undefined;
  }

  /** The round is durable whatever happens here: a failed publish only delays readers to the next one. */
  private publishDurableEnd(): void {
    try {
      this.durableEnd?.write(this.endPosition);
    } catch {}
  }

  /**
   * A round that failed part-way (ENOSPC, EIO) may have left some of its bytes: cut them off, so
   * the next round is written where this one began and no reader meets a torn record before it.
   * If even that fails, the writer stops; reopening it (a restart) cuts the tail in recovery.
   */
  private async undoFailedRound(error: unknown): Promise<void> {
    try {
      await this.handle?.truncate(this.segmentSize);
      await this.handle?.datasync();
    } catch (undoError) {
      this.failure = new Error(
        `the local event log ${this.topicDir} could not be written (${String(error)}) nor its partial write undone (${String(undoError)}); restart the process to recover it`,
      );
      for (const pending of this.queue.splice(0)) pending.reject(this.failure);
    }
  }

  private async roll(): Promise<void> {
    await this.handle?.close();
    this.segmentBase += this.segmentSize;
    this.segmentSize = 0;
    // Not 'a+': with O_APPEND the positioned writes below would go to the file's end, after any
    // bytes a failed round left. 'wx+': a segment of this name cannot exist yet.
    this.handle = await open(path.join(this.topicDir, segmentName(this.segmentBase)), 'wx+');
    fsyncDirectory(this.topicDir);
  }

  /** Opens the last segment and cuts off a torn tail left by a crash mid-append. */
  private async recover(): Promise<void> {
    const segments = listSegments(this.topicDir);
    this.segmentBase = segments.at(-1) ?? 0;
    const file = path.join(this.topicDir, segmentName(this.segmentBase));
    this.handle = await open(file, segments.length === 0 ? 'wx+' : 'r+');
    if (segments.length === 0) fsyncDirectory(this.topicDir);
    const valid = validPrefixLength(file);
    const size = (await this.handle.stat()).size;
    if (valid < size) await this.handle.truncate(valid);
    // Always: a round written but not synced before a process crash is still whole in the page
    // cache, and must be durable before the durable end says so.
    await this.handle.sync();
    this.segmentSize = valid;
  }
}

/** Length of the longest prefix of whole, checksum-valid records. */
function validPrefixLength(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(fstatSync(fd).size);
    readSync(fd, buffer, 0, buffer.length, 0);
    let at = 0;
    for (;;) {
      const decoded = decodeRecord(buffer, at);
      if (decoded.kind !== 'record') return at;
      at += decoded.bytes;
    }
  } finally {
    closeSync(fd);
  }
}
