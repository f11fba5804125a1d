import type { ReactNode } from 'react';
import { ErrorNotice } from '../../components/ui';
import { getViewer } from '../../lib/api';
import { logout } from '../login/actions';
import { Nav } from './nav';
import styles from './shell.module.css';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  const who = viewer.kind === 'ok' ? viewer.data : null;
  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <aside className={styles.sidebar}>
        <div className={styles.brand}>
          <span aria-hidden="true">▦</span> Tessera
        </div>
        {who ? (
          <div className={styles.tenant}>
            <div className={styles.tenantName}>{who.tenant.name}</div>
            <div className={styles.tenantMeta}>{who.tenant.vertical}</div>
          </div>
        ) : null}
        <Nav />
      </aside>
      <div className={styles.content}>
        <div className={styles.topbar}>
          {who ? (
            <span className={styles.user}>
              {who.me.email} · <span className={styles.role}>{who.me.role}</span>
            </span>
          ) : null}
          <form action={logout}>
            <button type="submit" className="secondary">
              Sign out
            </button>
          </form>
        </div>
        <main id="main" className={styles.main}>
          {viewer.kind === 'error' ? (
            <ErrorNotice code={viewer.code} message={viewer.message} hint={viewer.hint} />
          ) : (
            children
          )}
        </main>
      </div>
    </div>
  );
}
