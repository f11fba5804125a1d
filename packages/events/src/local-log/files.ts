import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { TesseraError } from '@tessera/errors';

const segmentPattern = /^(\d{20})\.log$/;

/** Segment files are named by the log position of their first byte, so they sort by name. */
export function segmentName(base: number): string {
  return `${String(base).padStart(20, '0')}.log`;
}

export function listSegments(topicDir: string): number[] {
  return readdirSync(topicDir)
    .map((name) => segmentPattern.exec(name)?.[1])
    .filter((base): base is string => base !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Writes a small file so that a crash leaves either the old or the new content, never a mix. */
export function writeFileAtomic(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  const fd = openSync(temporary, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temporary, file);
  fsyncDirectory(path.dirname(file));
}

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock held by one process, as a file holding its pid. A lock left by a process
 * that died (kill -9) is taken over. Returns the release function.
 */
export function acquireLock(lockFile: string, what: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockFile);
        } catch {}
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new TesseraError('LOCAL_LOG_BUSY', `${what} is held by process ${holder}`, {
          hint: `only one process may do this at a time; stop process ${holder} or use Kafka (KAFKA_BROKERS)`,
        });
      }
      if (holder === process.pid) {
        throw new TesseraError('LOCAL_LOG_BUSY', `${what} is already open in this process`, {
          hint: 'close the other consumer of this group first',
        });
      }
      unlinkSync(lockFile);
    }
  }
  throw new TesseraError('LOCAL_LOG_BUSY', `could not lock ${lockFile}`);
}

/**
 * The position up to which a topic's log is durable (fdatasync'd), kept in `durable-end` beside
 * its segments for consumers, which may run in another process: a consumer reads no further, so it
 * never processes, or commits an offset past, bytes a power loss could still take back (recovery
 * would then cut them off and write new records at those positions). Rewritten in place after
 * every sync, not synced itself: whatever value a crash leaves was written after its bytes were
 * durable. The number is written twice, so a read torn by a concurrent write shows as a mismatch.
 */
export class DurableEndFile {
  private readonly fd: number;

  /** Starts at `position`: the file is replaced whole (never seen empty), then rewritten in place. */
  constructor(topicDir: string, position: number) {
    const file = path.join(topicDir, durableEndName);
    writeFileAtomic(file, durableEndText(position));
    this.fd = openSync(file, 'r+');
  }

  write(position: number): void {
    writeSync(this.fd, durableEndText(position), 0, 'latin1');
  }

  close(): void {
    closeSync(this.fd);
  }
}

const durableEndName = 'durable-end';

function durableEndText(position: number): string {
  const digits = String(position).padStart(16, '0');
  return `${digits} ${digits}\n`;
}
const durableEndPattern = /^(\d{16}) (\d{16})\n$/;

/** The durable end a writer of `topicDir` published, or undefined where none did (a log from before). */
export function readDurableEnd(topicDir: string): number | undefined {
  for (let attempt = 0; attempt < 3; attempt++) {
    let text: string;
    try {
      text = readFileSync(path.join(topicDir, durableEndName), 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const match = durableEndPattern.exec(text);
    if (match && match[1] === match[2]) return Number(match[1]);
    // Empty while a writer opens it, or torn by a concurrent rewrite: read again.
  }
  // Not known now: nothing past what is surely durable (read again at the next poll).
  return 0;
}
