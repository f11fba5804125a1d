#!/usr/bin/env node
import { connect } from '@tessera/db';
import { ErrorCodes, isTesseraError } from '@tessera/errors';
import { runAdminCli } from './admin/tenant-cli.js';

/** `tessera-admin`: provisioning for operators of a deployed Tessera (see admin/tenant-cli.ts). */
async function main() {
  const connection = await connect({
    url: process.env.DATABASE_URL,
    dataDir: process.env.TESSERA_PGLITE_DIR,
  });
  try {
    await runAdminCli(process.argv.slice(2), {
      db: connection.db,
      env: process.env,
      print: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(isTesseraError(error) ? error.describe() : error);
  process.exit(isTesseraError(error) && error.code === ErrorCodes.BadUserInput ? 2 : 1);
});
